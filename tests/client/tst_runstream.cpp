// RunStream, the client of GET /space-io/{space}/run: against a real spacesd (output while the
// command runs, the exit code, the server's sentence, cancel ending the command, output that
// merely looks like an end frame) and against the Knot simulator (Knot's frames: output at the
// end, no exit code; an older Knot without the route is told apart so callers fall back).
#include "KnotSimulator.h"
#include "RunStream.h"
#include "SpaceTestKit.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int SlowMs = 20000;

RunCommandRequest commandLine(const QString &line, int timeout = 30)
{
    RunCommandRequest request;
    request.command = line;
    request.timeoutSeconds = timeout;
    return request;
}

// Collects what a RunStream reports.
struct Recorder
{
    explicit Recorder(RunStream &stream)
    {
        QObject::connect(&stream, &RunStream::outputReceived, &stream,
                         [this](const QString &text) { output += text; });
        QObject::connect(&stream, &RunStream::failed, &stream,
                         [this](const QString &sentence) { errors.append(sentence); });
        QObject::connect(&stream, &RunStream::unsupported, &stream, [this] { unsupported = true; });
        QObject::connect(&stream, &RunStream::finished, &stream, [this] { ++finished; });
    }
    QString output;
    QStringList errors;
    bool unsupported = false;
    int finished = 0;
};

} // namespace

class RunStreamClientTest final : public QObject
{
    Q_OBJECT

    TestServer m_server;
    QString m_spaceId;
    KnotSimulator m_knot;
    QNetworkAccessManager m_network;

    ConnectionSettings spacesd() const
    {
        return {m_server.process.url(), m_server.process.token()};
    }
    ConnectionSettings knot() const { return {m_knot.url(), KnotSimulator::Token}; }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
        m_spaceId = m_server.createSpace(u"client-run"_s, u"blank"_s);
        QVERIFY(!m_spaceId.isEmpty());
        QCOMPARE(m_server.startSpace(m_spaceId), 200);
        QVERIFY(m_knot.listen());
    }

    void outputArrivesBeforeTheExitCode()
    {
        const QString go = m_server.home(m_spaceId) + u"/client-go"_s;
        RunStream stream(spacesd(), &m_network, u"client-run"_s);
        Recorder seen(stream);
        QSignalSpy exits(&stream, &RunStream::exitCodeReceived);
        stream.start(commandLine(u"echo one; while [ ! -f client-go ]; do sleep 0.05; done; rm "
                                 "client-go; echo two; exit 3"_s));
        QTRY_COMPARE_WITH_TIMEOUT(seen.output, u"one\n"_s, SlowMs);
        QVERIFY(stream.isRunning());
        QFile file(go);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QTRY_COMPARE_WITH_TIMEOUT(seen.finished, 1, SlowMs);
        QCOMPARE(seen.output, u"one\ntwo\n"_s);
        QCOMPARE(exits.count(), 1);
        QCOMPARE(stream.exitCode(), std::optional<int>(3));
        QVERIFY(seen.errors.isEmpty());
    }

    void outputThatLooksLikeAnEndFrameIsOutput()
    {
        RunStream stream(spacesd(), &m_network, m_spaceId);
        Recorder seen(stream);
        stream.start(commandLine(
            u"printf '{\"exit_code\":5}'; sleep 0.3; printf 'Error: no\\r\\n'; sleep 0.3; echo end"_s));
        QTRY_COMPARE_WITH_TIMEOUT(seen.finished, 1, SlowMs);
        QCOMPARE(seen.output, u"{\"exit_code\":5}Error: no\r\nend\n"_s);
        QCOMPARE(stream.exitCode(), std::optional<int>(0));
        QVERIFY(seen.errors.isEmpty());
    }

    void theServersSentenceArrives()
    {
        RunStream stream(spacesd(), &m_network, m_spaceId);
        Recorder seen(stream);
        RunCommandRequest request = commandLine(u"ls"_s);
        request.workdir = u"nosuch"_s;
        stream.start(request);
        QTRY_COMPARE_WITH_TIMEOUT(seen.finished, 1, SlowMs);
        QCOMPARE(seen.errors, (QStringList{u"working directory 'nosuch' does not exist in the "
                                           "space"_s}));
        QCOMPARE(stream.exitCode(), std::nullopt);
        QVERIFY(!stream.wasUnsupported());
    }

    void aRefusalCarriesTheServersSentence()
    {
        QVERIFY(!m_server.createSpace(u"client-idle"_s, u"blank"_s).isEmpty());
        RunStream stream(spacesd(), &m_network, u"client-idle"_s);
        Recorder seen(stream);
        stream.start(commandLine(u"true"_s));
        QTRY_COMPARE_WITH_TIMEOUT(seen.finished, 1, SlowMs);
        QCOMPARE(seen.errors, QStringList{u"Space is not running"_s});
        QVERIFY(!seen.unsupported);
    }

    void cancelEndsTheCommand()
    {
        const QString lock = m_server.home(m_spaceId) + u"/client-cancel.lock"_s;
        RunStream stream(spacesd(), &m_network, m_spaceId);
        Recorder seen(stream);
        stream.start(commandLine(
            u"exec 9>>client-cancel.lock; flock -s 9; echo started; sleep 1000"_s, 600));
        QTRY_COMPARE_WITH_TIMEOUT(seen.output, u"started\n"_s, SlowMs);
        QVERIFY(isLockHeld(lock));
        stream.cancel();
        QCOMPARE(seen.finished, 1);
        QVERIFY(stream.wasCancelled());
        QTRY_VERIFY_WITH_TIMEOUT(!isLockHeld(lock), SlowMs);
    }

    void knotSendsOutputAtTheEndWithoutAnExitCode()
    {
        const QString id = m_knot.addSpace(u"knot-run"_s, true);
        RunStream stream(knot(), &m_network, id);
        Recorder seen(stream);
        RunCommandRequest request = commandLine(u"echo"_s);
        request.arguments = {u"hello"_s, u"knot"_s};
        stream.start(request);
        QTRY_COMPARE_WITH_TIMEOUT(seen.finished, 1, SlowMs);
        QCOMPARE(seen.output, u"hello knot\n"_s);
        QCOMPARE(stream.exitCode(), std::nullopt);
        QVERIFY(seen.errors.isEmpty());

        RunStream failing(knot(), &m_network, id);
        Recorder failed(failing);
        failing.start(commandLine(u"false"_s));
        QTRY_COMPARE_WITH_TIMEOUT(failed.finished, 1, SlowMs);
        QCOMPARE(failed.errors, QStringList{u"exit status 1"_s});
    }

    void anOlderKnotWithoutTheRouteIsToldApart()
    {
        const QString id = m_knot.addSpace(u"knot-old"_s, true);
        m_knot.setRunStreamEnabled(false);
        RunStream stream(knot(), &m_network, id);
        Recorder seen(stream);
        stream.start(commandLine(u"echo"_s));
        QTRY_COMPARE_WITH_TIMEOUT(seen.finished, 1, SlowMs);
        m_knot.setRunStreamEnabled(true);
        QVERIFY(seen.unsupported);
        QVERIFY(stream.wasUnsupported());
        QVERIFY(seen.errors.isEmpty());
    }
};

QTEST_GUILESS_MAIN(RunStreamClientTest)
#include "tst_runstream.moc"
