// The streamed run (GET /space-io/{space}/run) against a real spacesd with a real sandboxed
// space: refusals are plain HTTP before the upgrade; output arrives while the command still
// runs; the end is {"exit_code":N} then a 0x00 frame; what cannot run is an "Error: ..." frame;
// a timeout kills the group and says so; closing the socket early leaves no process behind;
// bytes that are not UTF-8 never break a text frame.
#include "RawHttpConnection.h"
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int SlowMs = 20000;

// Reads a run stream frame by frame, as it comes.
class RunReader final
{
public:
    RunReader(const SpacesdProcess &server, const QString &space, const QByteArray &request)
        : m_request(request)
    {
        QUrl url = server.url();
        url.setScheme(u"ws"_s);
        url.setPath(u"/space-io/%1/run"_s.arg(space));
        QNetworkRequest upgrade(url);
        upgrade.setRawHeader("Authorization", "Bearer " + server.token().toUtf8());
        QObject::connect(&socket, &QWebSocket::connected, &socket,
                         [this] { socket.sendTextMessage(QString::fromUtf8(m_request)); });
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &message) { frames.append(message); });
        QObject::connect(&socket, &QWebSocket::disconnected, &socket, [this] { closed = true; });
        socket.open(upgrade);
    }
    RunReader(const SpacesdProcess &server, const QString &space, const QJsonObject &request)
        : RunReader(server, space, QJsonDocument(request).toJson(QJsonDocument::Compact))
    {}

    QString output() const
    {
        QString text;
        for (const QString &frame : frames)
            text += frame;
        return text;
    }
    bool ended() const { return !frames.isEmpty() && frames.constLast() == QStringView(u"\0", 1); }
    // The frames before the 0x00 one, the output joined: {output, last frames...}.
    QStringList tail(int count) const { return frames.mid(qMax(0, frames.size() - count)); }

    QWebSocket socket;
    QStringList frames;
    bool closed = false;

private:
    QByteArray m_request;
};

const QString Nul = QString(QChar(0));

} // namespace

class RunStreamTest final : public QObject
{
    Q_OBJECT

    TestServer m_server;
    QString m_spaceId;
    QString m_otherToken;

    QString home() const { return m_server.home(m_spaceId); }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
        m_spaceId = m_server.createSpace(u"runner"_s, u"blank"_s);
        QVERIFY(!m_spaceId.isEmpty());
        QCOMPARE(m_server.startSpace(m_spaceId), 200);
        QVERIFY(!m_server.createSpace(u"idle"_s, u"blank"_s).isEmpty());
        m_otherToken = addUser(m_server.process, u"plain"_s, {}, &error);
        QVERIFY2(!m_otherToken.isEmpty(), qPrintable(error));
    }

    void refusalsArePlainHttpBeforeTheUpgrade_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("who");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("sentence");
        QTest::newRow("no token") << u"/space-io/runner/run"_s << u""_s << 401 << u""_s;
        QTest::newRow("unknown space")
            << u"/space-io/nosuch/run"_s << u"admin"_s << 404 << u"not found"_s;
        QTest::newRow("stopped space")
            << u"/space-io/idle/run"_s << u"admin"_s << 503 << u"Space is not running"_s;
        QTest::newRow("someone else's space")
            << u"/space-io/%1/run"_s << u"plain"_s << 403 << u""_s;
    }
    void refusalsArePlainHttpBeforeTheUpgrade()
    {
        QFETCH(QString, path);
        QFETCH(QString, who);
        QFETCH(int, status);
        QFETCH(QString, sentence);
        if (path.contains(u"%1"_s))
            path = path.arg(m_spaceId);
        const QString token = who == u"admin"_s   ? m_server.process.token()
                              : who == u"plain"_s ? m_otherToken
                                                  : QString();
        const QString problem = RawHttpConnection::refusedUpgrade(m_server.process.url(), path,
                                                                  token, status, sentence);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void plainGetIsToldToUpgrade()
    {
        SPACES_COMPARE_ERROR(m_server.api().get(u"/space-io/runner/run"_s), 400,
                             u"the run stream is a WebSocket: send an upgrade request"_s);
    }

    void outputArrivesWhileTheCommandRuns()
    {
        const QString go = home() + u"/go"_s;
        QFile::remove(go);
        RunReader reader(m_server.process, u"runner"_s,
                         QJsonObject{{u"command"_s, u"echo first; while [ ! -f go ]; do sleep "
                                                    "0.05; done; rm go; echo second"_s}});
        QTRY_VERIFY_WITH_TIMEOUT(reader.output().contains(u"first\n"_s), SlowMs);
        // The command waits for the file only this test writes: it cannot have ended.
        QVERIFY(!reader.output().contains(u"second"_s));
        QVERIFY(!reader.ended());
        QFile file(go);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QTRY_VERIFY_WITH_TIMEOUT(reader.closed, SlowMs);
        QCOMPARE(reader.tail(2), (QStringList{u"{\"exit_code\":0}"_s, Nul}));
        QCOMPARE(reader.frames.mid(0, reader.frames.size() - 2).join(QString()),
                 u"first\nsecond\n"_s);
    }

    void exitCodeFrameCarriesTheStatus()
    {
        RunReader reader(m_server.process, u"runner"_s,
                         QJsonObject{{u"command"_s, u"echo out; echo err >&2; exit 7"_s}});
        QTRY_VERIFY_WITH_TIMEOUT(reader.closed, SlowMs);
        QCOMPARE(reader.tail(2), (QStringList{u"{\"exit_code\":7}"_s, Nul}));
        QCOMPARE(reader.frames.mid(0, reader.frames.size() - 2).join(QString()), u"out\nerr\n"_s);
    }

    void argumentsArriveUnchanged()
    {
        RunReader reader(
            m_server.process, m_spaceId,
            QJsonObject{{u"command"_s, u"printf"_s},
                        {u"args"_s, QJsonArray{u"[%s]"_s, u"two words"_s, u"$HOME"_s}}});
        QTRY_VERIFY_WITH_TIMEOUT(reader.closed, SlowMs);
        QCOMPARE(reader.frames,
                 (QStringList{u"[two words][$HOME]"_s, u"{\"exit_code\":0}"_s, Nul}));
    }

    void whatCannotRunIsAnErrorFrame_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QString>("sentence");
        QTest::newRow("not JSON") << QByteArray("echo hi")
                                  << u"Error: request body is not valid JSON: illegal value at "
                                     "byte 1\r\n"_s;
        QTest::newRow("no command")
            << QByteArray("{\"args\":[]}") << u"Error: field 'command' is required\r\n"_s;
        QTest::newRow("args not a list") << QByteArray("{\"command\":\"ls\",\"args\":\"-l\"}")
                                         << u"Error: field 'args' must be a list of strings\r\n"_s;
        QTest::newRow("missing workdir")
            << QByteArray("{\"command\":\"ls\",\"workdir\":\"nosuch\"}")
            << u"Error: working directory 'nosuch' does not exist in the space\r\n"_s;
    }
    void whatCannotRunIsAnErrorFrame()
    {
        QFETCH(QByteArray, request);
        QFETCH(QString, sentence);
        RunReader reader(m_server.process, u"runner"_s, request);
        QTRY_VERIFY_WITH_TIMEOUT(reader.closed, SlowMs);
        QCOMPARE(reader.frames, (QStringList{sentence, Nul}));
    }

    void timeoutKillsTheGroupAndSaysSo()
    {
        const QString lock = home() + u"/timeout.lock"_s;
        RunReader reader(m_server.process, u"runner"_s,
                         QJsonObject{{u"command"_s, u"exec 9>>timeout.lock; flock -s 9; sleep "
                                                    "1000 & echo before; wait"_s},
                                     {u"timeout"_s, 1}});
        QTRY_VERIFY_WITH_TIMEOUT(reader.closed, SlowMs);
        QCOMPARE(reader.frames, (QStringList{u"before\n"_s, u"Error: Command timed out\r\n"_s,
                                             u"{\"exit_code\":124}"_s, Nul}));
        QVERIFY(QFile::exists(lock));
        QVERIFY2(!isLockHeld(lock), "the background child outlived the timeout");
    }

    void closingEarlyEndsTheWholeGroup()
    {
        // Pids inside the sandbox are its own: the background child shows it lives by the
        // lock it holds (see isLockHeld).
        const QString lock = home() + u"/early.lock"_s;
        const QString late = home() + u"/late.txt"_s;
        QFile::remove(late);
        RunReader reader(m_server.process, u"runner"_s,
                         QJsonObject{{u"command"_s, u"exec 9>>early.lock; flock -s 9; (sleep 1; "
                                                    "echo late > late.txt) & echo started; "
                                                    "sleep 1000"_s},
                                     {u"timeout"_s, 600}});
        QTRY_VERIFY_WITH_TIMEOUT(reader.output().contains(u"started"_s), SlowMs);
        QVERIFY(isLockHeld(lock));
        reader.socket.close();
        QTRY_VERIFY_WITH_TIMEOUT(!isLockHeld(lock), SlowMs);
        QVERIFY2(!QFile::exists(late), "the background child wrote after the close");
        // The server is not held up by what it ended.
        SPACES_COMPARE_STATUS(m_server.api().get(u"/api/spaces/runner"_s), 200);
    }

    void bytesThatAreNotUtf8NeverBreakAFrame()
    {
        // An invalid byte, then "é" cut in two between two writes.
        RunReader reader(m_server.process, u"runner"_s,
                         QJsonObject{{u"command"_s, u"printf 'a\\377b\\n\\303'; sleep 0.2; printf "
                                                    "'\\251\\n'"_s}});
        QTRY_VERIFY_WITH_TIMEOUT(reader.closed, SlowMs);
        QVERIFY2(reader.ended(), qPrintable(reader.frames.join(u'|')));
        QCOMPARE(reader.frames.mid(0, reader.frames.size() - 2).join(QString()),
                 u"a\uFFFDb\n\u00e9\n"_s);
    }

    void largeOutputArrivesWhole()
    {
        RunReader reader(m_server.process, u"runner"_s,
                         QJsonObject{{u"command"_s, u"seq 1 300000"_s}});
        QTRY_VERIFY_WITH_TIMEOUT(reader.closed, SlowMs);
        QCOMPARE(reader.tail(2), (QStringList{u"{\"exit_code\":0}"_s, Nul}));
        const QString output = reader.frames.mid(0, reader.frames.size() - 2).join(QString());
        QString expected;
        for (int i = 1; i <= 300000; ++i)
            expected += QString::number(i) + u'\n';
        QCOMPARE(output.size(), expected.size());
        QVERIFY(output == expected);
    }
};

QTEST_GUILESS_MAIN(RunStreamTest)
#include "tst_run_stream.moc"
