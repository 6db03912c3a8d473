// `spacectl logs` against a real spacesd: the history trimmed to --lines, then with -f the
// lines as they are written, with -t each after the time it was written; bad input gets a
// sentence and the usage status.
#include "CliLogs.h"
#include "SpaceTestKit.h"
#include "SpacectlRunner.h"

#include <QRegularExpression>
#include <QTest>
#include <csignal>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int SlowMs = 20000;

QJsonObject chattyTemplate()
{
    return {{u"name"_s, u"chatty"_s},
            {u"startup_command"_s,
             u"seq 1 1500; while :; do if [ -f go ]; then echo \"live-$(cat go)\"; rm go; fi; "
             "sleep 0.05; done"_s}};
}

} // namespace

class SpacectlLogsTest final : public QObject
{
    Q_OBJECT

    TestServer m_server;
    KillGuard m_guard;
    std::unique_ptr<SpacectlRunner> m_spacectl;

private Q_SLOTS:
    void lastLines_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("lines");
        QTest::addColumn<QString>("expected");
        QTest::newRow("all") << u"a\r\nb\r\n"_s << 0 << u"a\nb\n"_s;
        QTest::newRow("last one") << u"a\r\nb\r\nc\r\n"_s << 1 << u"c\n"_s;
        QTest::newRow("last two") << u"a\r\nb\r\nc\r\n"_s << 2 << u"b\nc\n"_s;
        QTest::newRow("more than there are") << u"a\r\nb\r\n"_s << 5 << u"a\nb\n"_s;
        QTest::newRow("empty") << QString() << 3 << QString();
    }
    void lastLines()
    {
        QFETCH(QString, text);
        QFETCH(int, lines);
        QFETCH(QString, expected);
        QCOMPARE(CliLogs::lastLines(text, lines), expected);
    }

    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
        QVERIFY(!m_server.createTemplate(chattyTemplate()).isEmpty());
        const QString id = m_server.createSpace(u"chatty"_s, u"chatty"_s);
        QCOMPARE(m_server.startSpace(id), 200);
        m_guard.addGroup(m_server.processGroupOf(id));
        m_spacectl = std::make_unique<SpacectlRunner>(
            SpacectlRunner::serverEnvironment(m_server.process.url(), m_server.process.token()));
        QTRY_VERIFY_WITH_TIMEOUT(
            m_server.api().get(u"/api/spaces/chatty/logs?lines=1"_s).body == "1500\n", SlowMs);
    }

    void printsTheHistory()
    {
        const SpacectlResult last = m_spacectl->run({u"logs"_s, u"chatty"_s, u"--lines"_s, u"3"_s});
        QVERIFY2(last.exitCode == 0, last.describe());
        QCOMPARE(last.out, u"1498\n1499\n1500\n"_s);
        const SpacectlResult all = m_spacectl->run({u"logs"_s, u"chatty"_s});
        QVERIFY2(all.exitCode == 0, all.describe());
        QCOMPARE(all.out.count(u'\n'), 1000);
        QVERIFY(all.out.startsWith(u"501\n"_s));
    }

    void badInput()
    {
        for (const QString &lines : {u"0"_s, u"many"_s, u"1001"_s}) {
            const SpacectlResult result =
                m_spacectl->run({u"logs"_s, u"chatty"_s, u"--lines"_s, lines});
            QCOMPARE(result.exitCode, 2);
            QVERIFY2(result.err.contains(u"--lines"_s), result.describe());
        }
        const SpacectlResult valued = m_spacectl->run({u"logs"_s, u"chatty"_s, u"--follow=yes"_s});
        QCOMPARE(valued.exitCode, 2);
        QVERIFY2(valued.err.contains(u"takes no value"_s), valued.describe());
        const SpacectlResult missing = m_spacectl->run({u"logs"_s, u"nothing-here"_s});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(u"nothing-here"_s), missing.describe());
    }

    void followsNewLines()
    {
        QProcess follower;
        follower.setProcessEnvironment(m_spacectl->environment());
        follower.start(SpacectlRunner::path(),
                       {u"logs"_s, u"chatty"_s, u"-f"_s, u"--lines"_s, u"1"_s});
        QVERIFY(follower.waitForStarted());
        QByteArray seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += follower.readAllStandardOutput()).contains("1500\n"),
                                 SlowMs);
        QVERIFY(!seen.contains("1499"));
        m_server.api().post(u"/api/spaces/chatty/run-command"_s,
                            {{u"command"_s, u"echo 7 > go"_s}});
        QTRY_VERIFY_WITH_TIMEOUT((seen += follower.readAllStandardOutput()).contains("live-7\n"),
                                 SlowMs);
        // The stream's grey times are left out: the services' words alone.
        QVERIFY2(seen.endsWith("\n1500\nlive-7\n") || seen == "1500\nlive-7\n", seen.constData());
        QCOMPARE(follower.state(), QProcess::Running);
        ::kill(pid_t(follower.processId()), SIGINT);
        QVERIFY(follower.waitForFinished(10000));
    }

    void timestampsOnRequest()
    {
        // As `docker logs -t`: the time, plain, a space, the line.
        static const QRegularExpression stamped(
            u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z 1500\n"
            u"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z live-7\n$"_s);
        for (const QString &flag : {u"-t"_s, u"--timestamps"_s}) {
            const SpacectlResult result =
                m_spacectl->run({u"logs"_s, u"chatty"_s, u"--lines"_s, u"2"_s, flag});
            QVERIFY2(result.exitCode == 0, result.describe());
            QVERIFY2(stamped.match(result.out).hasMatch(), result.describe());
        }
        const QDateTime before = QDateTime::currentDateTimeUtc();
        QProcess follower;
        follower.setProcessEnvironment(m_spacectl->environment());
        follower.start(SpacectlRunner::path(),
                       {u"logs"_s, u"chatty"_s, u"-f"_s, u"-t"_s, u"--lines"_s, u"1"_s});
        QVERIFY(follower.waitForStarted());
        QByteArray seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += follower.readAllStandardOutput()).contains(" live-7\n"),
                                 SlowMs);
        m_server.api().post(u"/api/spaces/chatty/run-command"_s,
                            {{u"command"_s, u"echo 8 > go"_s}});
        QTRY_VERIFY_WITH_TIMEOUT((seen += follower.readAllStandardOutput()).contains(" live-8\n"),
                                 SlowMs);
        const QDateTime after = QDateTime::currentDateTimeUtc();
        QVERIFY2(!seen.contains('\x1b'), seen.constData());
        const qsizetype lineStart = seen.lastIndexOf('\n', seen.indexOf(" live-8\n")) + 1;
        const QDateTime at =
            QDateTime::fromString(QString::fromLatin1(seen.mid(lineStart, 24)), Qt::ISODateWithMs);
        QVERIFY2(at.isValid() && at >= before.addMSecs(-1) && at <= after, seen.constData());
        ::kill(pid_t(follower.processId()), SIGINT);
        QVERIFY(follower.waitForFinished(10000));
    }

    void cleanupTestCase() { m_server.stopSpace(u"chatty"_s); }
};

QTEST_GUILESS_MAIN(SpacectlLogsTest)
#include "tst_spacectl_logs.moc"
