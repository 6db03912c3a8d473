#include "CommandRunner.h"
#include "RuntimeTestSupport.h"
#include "ShellLocator.h"

#include <QDir>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <fcntl.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace spaces;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

class TestCommandRunner final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void outputAndExitCode_data();
    void outputAndExitCode();
    void timeoutKillsTheWholeGroup();
    void stopTokenCancelsTheWholeGroup();
    void truncatesOutputBeyondTheLimit();
    void keepsLargeOutputBelowTheLimit();
    void backgroundGrandchildDoesNotBlock_data();
    void backgroundGrandchildDoesNotBlock();
    void honoursWorkingDirectoryAndEnvironment();
    void stdinIsDevNull();
    void runsInItsOwnProcessGroup();
    void leaksNoDescriptors();
    void failsToStart_data();
    void failsToStart();
    void runsInParallelThreads();

private:
    CommandSpec shell(const QString &command, std::chrono::seconds timeout = 20s) const;

    QString m_sh;
};

void TestCommandRunner::initTestCase()
{
    m_sh = ShellLocator::find(u"sh"_s);
    QVERIFY(!m_sh.isEmpty());
}

CommandSpec TestCommandRunner::shell(const QString &command, std::chrono::seconds timeout) const
{
    return test::shellCommand(m_sh, command, timeout);
}

void TestCommandRunner::outputAndExitCode_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("error");

    QTest::newRow("success") << u"echo hello"_s << QByteArray("hello\n") << 0 << QString();
    QTest::newRow("no output") << u"true"_s << QByteArray() << 0 << QString();
    QTest::newRow("stderr merged in order") << u"echo one; echo two >&2; echo three"_s
                                            << QByteArray("one\ntwo\nthree\n") << 0 << QString();
    QTest::newRow("non-zero exit keeps output")
        << u"echo partial; echo oops >&2; exit 3"_s << QByteArray("partial\noops\n") << 3
        << u"exit status 3"_s;
    QTest::newRow("killed by a signal") << u"echo bye; kill -TERM $$"_s << QByteArray("bye\n")
                                        << 128 + 15 << u"exit status 143 (killed by signal 15)"_s;
    QTest::newRow("binary output")
        << u"printf 'a\\000b\\377'"_s << QByteArray("a\0b\xff", 4) << 0 << QString();
}

void TestCommandRunner::outputAndExitCode()
{
    QFETCH(QString, command);
    QFETCH(QByteArray, output);
    QFETCH(int, exitCode);
    QFETCH(QString, error);

    const CommandOutcome outcome = CommandRunner::run(shell(command));
    QCOMPARE(outcome.output, output);
    QCOMPARE(outcome.exitCode, exitCode);
    QCOMPARE(outcome.error, error);
    QVERIFY(!outcome.timedOut);
    QVERIFY(!outcome.truncated);
    QVERIFY(!outcome.failedToStart);
}

void TestCommandRunner::timeoutKillsTheWholeGroup()
{
    // The grandchild holds the output pipe open, and so does the shell that waits for it.
    QElapsedTimer timer;
    timer.start();
    const CommandOutcome outcome =
        CommandRunner::run(shell(u"sleep 1000 & echo $$ $!; wait"_s, 1s));
    const qint64 elapsed = timer.elapsed();

    const QList<QByteArray> pids = outcome.output.trimmed().split(' ');
    QCOMPARE(pids.size(), 2);
    const qint64 pgid = pids[0].toLongLong();
    const qint64 grandchild = pids[1].toLongLong();
    test::GroupGuard guard(pgid); // in case the runner failed to kill it

    QVERIFY(outcome.timedOut);
    QCOMPARE(outcome.error, u"Command timed out"_s);
    QCOMPARE(outcome.exitCode, 128 + 9);
    QVERIFY(!outcome.failedToStart);
    QVERIFY2(elapsed >= 1000, qPrintable(QString::number(elapsed)));
    QVERIFY2(elapsed < 3000, qPrintable(QString::number(elapsed)));
    QVERIFY(grandchild > 1);
    QVERIFY2(!test::processIsLive(grandchild), "the grandchild survived the timeout");
    QVERIFY(!ProcessGroup::isAlive(pgid));
}

void TestCommandRunner::stopTokenCancelsTheWholeGroup()
{
    // The server shutting down ends long commands instead of waiting for their timeout.
    std::stop_source stop;
    CommandSpec spec = shell(u"sleep 1000 & echo $$ $!; wait"_s, 600s);
    spec.stop = stop.get_token();
    std::thread canceller([&stop] {
        std::this_thread::sleep_for(300ms);
        stop.request_stop();
    });
    QElapsedTimer timer;
    timer.start();
    const CommandOutcome outcome = CommandRunner::run(spec);
    const qint64 elapsed = timer.elapsed();
    canceller.join();

    const QList<QByteArray> pids = outcome.output.trimmed().split(' ');
    QCOMPARE(pids.size(), 2);
    test::GroupGuard guard(pids[0].toLongLong());
    QVERIFY(outcome.cancelled);
    QVERIFY(!outcome.timedOut);
    QCOMPARE(outcome.error, u"Command cancelled: the server is shutting down"_s);
    QVERIFY2(elapsed < 10000, qPrintable(QString::number(elapsed)));
    QVERIFY2(!test::processIsLive(pids[1].toLongLong()),
             "the grandchild survived the stop request");
}

void TestCommandRunner::truncatesOutputBeyondTheLimit()
{
    CommandSpec spec = shell(u"head -c 3000000 /dev/zero | tr '\\000' a; echo end >&2"_s);
    spec.outputLimit = 1000;
    const CommandOutcome outcome = CommandRunner::run(spec);

    QVERIFY(outcome.truncated);
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
    const QByteArray note = "\n[output truncated: " + QByteArray::number(3000000 + 4 - 1000) +
                            " more bytes not shown]\n";
    QCOMPARE(outcome.output, QByteArray(1000, 'a') + note);
}

void TestCommandRunner::keepsLargeOutputBelowTheLimit()
{
    // Much more than a pipe buffer, read while the command is still writing.
    const CommandOutcome outcome =
        CommandRunner::run(shell(u"head -c 500000 /dev/zero | tr '\\000' b"_s));
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY(!outcome.truncated);
    QCOMPARE(outcome.output, QByteArray(500000, 'b'));
}

void TestCommandRunner::backgroundGrandchildDoesNotBlock_data()
{
    QTest::addColumn<QString>("background");
    QTest::newRow("quiet") << u"sleep 1000"_s;
    QTest::newRow("writing without pause") << u"yes x"_s;
}

void TestCommandRunner::backgroundGrandchildDoesNotBlock()
{
    QFETCH(QString, background);

    QElapsedTimer timer;
    timer.start();
    const CommandOutcome outcome =
        CommandRunner::run(shell(u"echo $$; echo started; %1 &"_s.arg(background)));
    const QList<QByteArray> lines = outcome.output.split('\n');
    QVERIFY(lines.size() >= 2);
    test::GroupGuard guard(lines[0].toLongLong()); // the grandchild is still in that group

    QVERIFY2(timer.elapsed() < 5000, "run() waited for the background grandchild");
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY(!outcome.timedOut);
    QCOMPARE(lines[1], QByteArray("started"));
}

void TestCommandRunner::honoursWorkingDirectoryAndEnvironment()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString home = QDir(dir.path()).canonicalPath();

    CommandSpec spec = shell(u"pwd; echo \"$GREETING\"; echo \"${HOME-unset}\""_s);
    spec.workingDirectory = home;
    // The environment is complete: nothing of ours leaks in (no HOME here).
    spec.environment = {u"GREETING=grüße"_s, u"PATH=/usr/bin:/bin"_s};
    const CommandOutcome outcome = CommandRunner::run(spec);
    QCOMPARE(outcome.exitCode, 0);
    QCOMPARE(QString::fromUtf8(outcome.output), home + u"\ngrüße\nunset\n"_s);
}

void TestCommandRunner::stdinIsDevNull()
{
    const CommandOutcome outcome = CommandRunner::run(shell(u"cat; echo done"_s, 10s));
    QVERIFY(!outcome.timedOut);
    QCOMPARE(outcome.output, QByteArray("done\n"));
}

void TestCommandRunner::runsInItsOwnProcessGroup()
{
    // Fields 5 and 6 of /proc/self/stat (pgrp, session) of the shell itself equal its pid.
    const CommandOutcome outcome =
        CommandRunner::run(shell(u"echo $$; cut -d' ' -f5,6 /proc/$$/stat"_s));
    const QList<QByteArray> lines = outcome.output.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[1], lines[0] + ' ' + lines[0]);
}

void TestCommandRunner::leaksNoDescriptors()
{
    // A descriptor without O_CLOEXEC, as some library in the server might open one.
    const int leaky = ::open("/dev/null", O_RDONLY);
    QVERIFY(leaky >= 0);
    const auto closeLeaky = qScopeGuard([leaky] { ::close(leaky); });

    const CommandOutcome outcome = CommandRunner::run(shell(u"ls /proc/$$/fd"_s));
    QCOMPARE(outcome.output, QByteArray("0\n1\n2\n"));
}

void TestCommandRunner::failsToStart_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("workingDirectory");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("missing program")
        << u"/nonexistent/prog"_s << QString() << u"/nonexistent/prog"_s;
    QTest::newRow("not executable") << u"/etc/passwd"_s << QString() << u"/etc/passwd"_s;
    QTest::newRow("relative program") << u"sh"_s << QString() << u"absolute"_s;
    QTest::newRow("missing working directory")
        << QString() << u"/nonexistent/dir"_s << u"working directory /nonexistent/dir"_s;
}

void TestCommandRunner::failsToStart()
{
    QFETCH(QString, program);
    QFETCH(QString, workingDirectory);
    QFETCH(QString, mentions);

    CommandSpec spec = shell(u"echo should not run"_s);
    if (!program.isEmpty())
        spec.program = program;
    spec.workingDirectory = workingDirectory;
    const CommandOutcome outcome = CommandRunner::run(spec);
    QVERIFY(outcome.failedToStart);
    QVERIFY2(outcome.error.contains(mentions), qPrintable(outcome.error));
    QCOMPARE(outcome.exitCode, -1);
    QVERIFY(outcome.output.isEmpty());
}

void TestCommandRunner::runsInParallelThreads()
{
    constexpr int threadCount = 8;
    std::vector<CommandOutcome> outcomes(threadCount);
    std::vector<std::thread> threads;
    for (int i = 0; i < threadCount; ++i) {
        threads.emplace_back([this, i, &outcomes] {
            outcomes[size_t(i)] = CommandRunner::run(
                shell(u"echo start %1; sleep 0.2; echo end %1 >&2; exit %1"_s.arg(i)));
        });
    }
    for (std::thread &thread : threads)
        thread.join();

    for (int i = 0; i < threadCount; ++i) {
        const CommandOutcome &outcome = outcomes[size_t(i)];
        QCOMPARE(outcome.exitCode, i);
        QCOMPARE(outcome.output,
                 "start " + QByteArray::number(i) + "\nend " + QByteArray::number(i) + '\n');
    }
}

QTEST_GUILESS_MAIN(TestCommandRunner)
#include "tst_commandrunner.moc"
