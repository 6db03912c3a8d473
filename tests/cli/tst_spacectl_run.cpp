// `spacectl run` streams: against a real spacesd the first line is printed while the command
// still runs, and spacectl exits with the command's own status (124 on timeout, 125 when it
// could not run); against the Knot simulator it works with Knot's frames, and against an
// older Knot without the run stream it falls back to run-command.
#include "KnotSimulator.h"
#include "SpaceTestKit.h"
#include "SpacectlRunner.h"

#include <QTest>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int SlowMs = 20000;

} // namespace

class SpacectlRunTest final : public QObject
{
    Q_OBJECT

    TestServer m_server;
    QString m_spaceId;
    std::unique_ptr<SpacectlRunner> m_spacectl;
    KnotSimulator m_knot;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
        m_spaceId = m_server.createSpace(u"cli-run"_s, u"blank"_s);
        QVERIFY(!m_spaceId.isEmpty());
        QCOMPARE(m_server.startSpace(m_spaceId), 200);
        QVERIFY(!m_server.createSpace(u"cli-idle"_s, u"blank"_s).isEmpty());
        m_spacectl = std::make_unique<SpacectlRunner>(
            SpacectlRunner::serverEnvironment(m_server.process.url(), m_server.process.token()));
        QVERIFY(m_knot.listen());
    }

    void outputIsPrintedAsItComes()
    {
        const QString go = m_server.home(m_spaceId) + u"/cli-go"_s;
        QProcess spacectl;
        spacectl.setProcessEnvironment(m_spacectl->environment());
        spacectl.start(SpacectlRunner::path(),
                       {u"run"_s, u"cli-run"_s, u"sh"_s, u"-c"_s,
                        u"echo first; while [ ! -f cli-go ]; do sleep 0.05; done; echo second; "
                        "exit 6"_s});
        QVERIFY(spacectl.waitForStarted());
        QByteArray seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += spacectl.readAllStandardOutput()).contains("first\n"),
                                 SlowMs);
        // It waits for the file only this test writes: spacectl printed while it ran.
        QCOMPARE(spacectl.state(), QProcess::Running);
        QVERIFY(!seen.contains("second"));
        QFile file(go);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QVERIFY(spacectl.waitForFinished(SlowMs));
        seen += spacectl.readAllStandardOutput();
        QCOMPARE(seen, QByteArray("first\nsecond\n"));
        QCOMPARE(spacectl.exitCode(), 6);
        QCOMPARE(spacectl.readAllStandardError(), QByteArray());
    }

    void exitStatuses_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("err");
        QTest::newRow("success") << QStringList{u"cli-run"_s, u"echo"_s, u"hi"_s} << 0 << u"hi\n"_s
                                 << QString();
        QTest::newRow("own status")
            << QStringList{u"cli-run"_s, u"sh"_s, u"-c"_s, u"echo partial; exit 42"_s} << 42
            << u"partial\n"_s << QString();
        QTest::newRow("timeout") << QStringList{u"--timeout"_s, u"1"_s,  u"cli-run"_s,
                                                u"sh"_s,        u"-c"_s, u"echo before; sleep 20"_s}
                                 << 124 << u"before\n"_s << u"spacectl: Command timed out\n"_s;
        QTest::newRow("space not running")
            << QStringList{u"cli-idle"_s, u"true"_s} << 125 << QString()
            << u"spacectl: space 'cli-idle' is not running: start it first: spacectl start cli-idle\n"_s;
        QTest::newRow("no such space")
            << QStringList{u"nothing-here"_s, u"true"_s} << 125 << QString()
            << u"spacectl: no space named 'nothing-here': 'spacectl list' lists your spaces\n"_s;
        QTest::newRow("no such workdir")
            << QStringList{u"--workdir"_s, u"nosuch"_s, u"cli-run"_s, u"true"_s} << 125 << QString()
            << u"spacectl: working directory 'nosuch' does not exist in the space\n"_s;
    }
    void exitStatuses()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, status);
        QFETCH(QString, out);
        QFETCH(QString, err);
        const SpacectlResult result = m_spacectl->run(QStringList{u"run"_s} + arguments);
        QVERIFY2(result.exitCode == status, result.describe());
        QCOMPARE(result.out, out);
        QCOMPARE(result.err, err);
    }

    void jsonKeepsTheBufferedResult()
    {
        const SpacectlResult result = m_spacectl->run(
            {u"--json"_s, u"run"_s, u"cli-run"_s, u"sh"_s, u"-c"_s, u"echo kept; exit 4"_s});
        QVERIFY2(result.exitCode == 1, result.describe());
        const QJsonObject json = result.json().object();
        QCOMPARE(json.value(u"output"_s).toString(), u"kept\n"_s);
        QCOMPARE(json.value(u"exit_code"_s).toInt(), 4);
    }

    void knotWithTheRunStream()
    {
        m_knot.addSpace(u"knot-cli"_s, true);
        const SpacectlRunner spacectl(
            SpacectlRunner::serverEnvironment(m_knot.url(), KnotSimulator::Token));
        const int before = m_knot.runs().runsStarted();
        const SpacectlResult echoed =
            spacectl.runServing({u"run"_s, u"knot-cli"_s, u"echo"_s, u"hello"_s, u"knot"_s});
        QVERIFY2(echoed.exitCode == 0, echoed.describe());
        QCOMPARE(echoed.out, u"hello knot\n"_s);
        QCOMPARE(m_knot.runs().runsStarted(), before + 1);
        // Knot says only "exit status 1": that is the status.
        const SpacectlResult failed = spacectl.runServing({u"run"_s, u"knot-cli"_s, u"false"_s});
        QVERIFY2(failed.exitCode == 1, failed.describe());
        QCOMPARE(failed.err, QString());
    }

    void olderKnotFallsBackToRunCommand()
    {
        m_knot.addSpace(u"knot-old-cli"_s, true);
        m_knot.setRunStreamEnabled(false);
        const SpacectlRunner spacectl(
            SpacectlRunner::serverEnvironment(m_knot.url(), KnotSimulator::Token));
        const int before = m_knot.runs().runsStarted();
        const SpacectlResult echoed =
            spacectl.runServing({u"run"_s, u"knot-old-cli"_s, u"echo"_s, u"buffered"_s});
        m_knot.setRunStreamEnabled(true);
        QVERIFY2(echoed.exitCode == 0, echoed.describe());
        QCOMPARE(echoed.out, u"buffered\n"_s);
        QCOMPARE(m_knot.runs().runsStarted(), before);
    }
};

QTEST_GUILESS_MAIN(SpacectlRunTest)
#include "tst_spacectl_run.moc"
