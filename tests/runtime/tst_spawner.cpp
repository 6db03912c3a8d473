// CommandRunner through the spawner process (Spawner), as spacesd runs its commands: the same
// outcomes as a fork in the caller (tst_commandrunner covers those in depth), the command a
// child of the spawner, and nothing left behind when the server dies.
#include "CommandRunner.h"
#include "RuntimeTestSupport.h"
#include "ShellLocator.h"
#include "Spawner.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <thread>
#include <vector>

using namespace spaces;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

class TestSpawner final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void commandIsAChildOfTheSpawner();
    void outputAndExitCode();
    void signalledCommand();
    void timeoutKillsTheWholeGroup();
    void stopTokenCancelsTheWholeGroup();
    void truncatesOutputBeyondTheLimit();
    void failsToStart_data();
    void failsToStart();
    void runsInParallelThreads();
    void commandsEndWithTheServer();

private:
    CommandSpec shell(const QString &command, std::chrono::seconds timeout = 20s) const;

    QString m_sh;
};

void TestSpawner::initTestCase()
{
    QVERIFY(Spawner::isRunning());
    m_sh = ShellLocator::find(u"sh"_s);
    QVERIFY(!m_sh.isEmpty());
}

CommandSpec TestSpawner::shell(const QString &command, std::chrono::seconds timeout) const
{
    return test::shellCommand(m_sh, command, timeout);
}

void TestSpawner::commandIsAChildOfTheSpawner()
{
    const CommandOutcome outcome = CommandRunner::run(shell(u"echo $PPID"_s));
    QCOMPARE(outcome.exitCode, 0);
    QCOMPARE(outcome.output.trimmed().toLongLong(), Spawner::processId());
}

void TestSpawner::outputAndExitCode()
{
    const CommandOutcome outcome = CommandRunner::run(shell(u"echo out; echo err >&2; exit 3"_s));
    QVERIFY(!outcome.failedToStart);
    QCOMPARE(outcome.output, "out\nerr\n"_ba);
    QCOMPARE(outcome.exitCode, 3);
    QCOMPARE(outcome.error, u"exit status 3"_s);
}

void TestSpawner::signalledCommand()
{
    const CommandOutcome outcome = CommandRunner::run(shell(u"kill -TERM $$"_s));
    QCOMPARE(outcome.exitCode, 128 + SIGTERM);
    QVERIFY(outcome.error.contains(u"killed by signal 15"_s));
}

void TestSpawner::timeoutKillsTheWholeGroup()
{
    const CommandOutcome outcome =
        CommandRunner::run(shell(u"echo $$; sleep 1000 & sleep 1000"_s, 1s));
    QVERIFY(outcome.timedOut);
    QCOMPARE(outcome.error, u"Command timed out"_s);
    const qint64 group = outcome.output.trimmed().toLongLong();
    QVERIFY(group > 1);
    test::GroupGuard guard(group);
    QTRY_VERIFY(!ProcessGroup::isAlive(group));
}

void TestSpawner::stopTokenCancelsTheWholeGroup()
{
    std::stop_source stop;
    CommandSpec spec = shell(u"echo $$; sleep 1000 & sleep 1000"_s, 0s);
    spec.stop = stop.get_token();
    std::thread canceller([&stop] { stop.request_stop(); });
    const CommandOutcome outcome = CommandRunner::run(spec);
    canceller.join();
    QVERIFY(outcome.cancelled);
    const qint64 group = outcome.output.trimmed().toLongLong();
    if (group > 1) {
        test::GroupGuard guard(group);
        QTRY_VERIFY(!ProcessGroup::isAlive(group));
    }
}

void TestSpawner::truncatesOutputBeyondTheLimit()
{
    CommandSpec spec = shell(u"head -c 3000000 /dev/zero"_s);
    const CommandOutcome outcome = CommandRunner::run(spec);
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY(outcome.truncated);
    QVERIFY(outcome.output.startsWith(QByteArray(1024 * 1024, '\0')));
}

void TestSpawner::failsToStart_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("workingDirectory");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("missing program")
        << u"/nonexistent/program"_s << QString() << u"Could not execute /nonexistent/program"_s;
    QTest::newRow("not executable")
        << u"/etc/hostname"_s << QString() << u"Could not execute /etc/hostname"_s;
    QTest::newRow("missing working directory")
        << m_sh << u"/nonexistent/dir"_s << u"Could not enter the working directory"_s;
}

void TestSpawner::failsToStart()
{
    QFETCH(QString, program);
    QFETCH(QString, workingDirectory);
    QFETCH(QString, sentence);
    CommandSpec spec = shell(u"true"_s);
    spec.program = program;
    spec.workingDirectory = workingDirectory;
    const CommandOutcome outcome = CommandRunner::run(spec);
    QVERIFY(outcome.failedToStart);
    QVERIFY2(outcome.error.startsWith(sentence), qPrintable(outcome.error));
}

void TestSpawner::runsInParallelThreads()
{
    constexpr int threads = 8;
    constexpr int runsEach = 10;
    std::vector<std::thread> workers;
    std::vector<int> correct(threads, 0);
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([this, t, &correct] {
            for (int i = 0; i < runsEach; ++i) {
                const CommandOutcome outcome =
                    CommandRunner::run(shell(u"echo %1-%2; exit %3"_s.arg(t).arg(i).arg(i)));
                if (outcome.output == u"%1-%2\n"_s.arg(t).arg(i).toUtf8() && outcome.exitCode == i)
                    ++correct[t];
            }
        });
    }
    for (std::thread &worker : workers)
        worker.join();
    for (int t = 0; t < threads; ++t)
        QCOMPARE(correct[t], runsEach);
}

void TestSpawner::commandsEndWithTheServer()
{
    // The stand-in server runs a command in a session of its own (as every command runs);
    // a SIGKILL of the server must end it through the spawner.
    QTemporaryDir directory;
    const QString groupFile = directory.filePath(u"group"_s);
    QProcess server;
    server.start(QCoreApplication::applicationDirPath() + u"/spawner_server"_s,
                 {u"echo $$ > %1.new && mv %1.new %1; exec sleep 7781"_s.arg(groupFile)});
    QVERIFY(server.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(groupFile), 10000);
    QFile file(groupFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const qint64 group = file.readAll().trimmed().toLongLong();
    QVERIFY(group > 1);
    test::GroupGuard guard(group);
    QVERIFY(ProcessGroup::isAlive(group));
    ::kill(pid_t(server.processId()), SIGKILL);
    QVERIFY(server.waitForFinished());
    QTRY_VERIFY_WITH_TIMEOUT(!ProcessGroup::isAlive(group), 5000);
}

int main(int argc, char *argv[])
{
    // As spacesd does: before the application and its threads.
    Spawner::start();
    QCoreApplication app(argc, argv);
    TestSpawner test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_spawner.moc"
