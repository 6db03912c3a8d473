#include "ProcessGroup.h"
#include "RuntimeTestSupport.h"
#include "ShellLocator.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <fcntl.h>
#include <unistd.h>

using namespace spaces;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestProcessGroup final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void launchRunsDetachedWithEnvironmentAndLog();
    void terminateEndsGrandchildren();
    void terminateKillsWhatIgnoresTerm();
    void terminateReturnsEarlyWhenTermIsHonoured();
    void launchFailures_data();
    void launchFailures();
    void notAliveAfterExitingOnItsOwn();
    void zombiesCountAsDead();
    void refusesDangerousIds();

private:
    LaunchSpec specFor(const QString &command) const;

    QString m_shell;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_home; // canonical, as `pwd` prints it
};

void TestProcessGroup::initTestCase()
{
    m_shell = ShellLocator::find(u"sh"_s);
    QVERIFY(!m_shell.isEmpty());
}

void TestProcessGroup::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_home = QDir(m_dir->path()).canonicalPath();
}

void TestProcessGroup::cleanup()
{
    m_dir.reset();
}

LaunchSpec TestProcessGroup::specFor(const QString &command) const
{
    LaunchSpec spec;
    spec.shellPath = m_shell;
    spec.command = command;
    spec.workingDirectory = m_home;
    spec.environment = test::environmentWith({u"SPACE_NAME=demo space"_s});
    spec.logFilePath = m_home + u"/logs/space.log"_s;
    return spec;
}

void TestProcessGroup::launchRunsDetachedWithEnvironmentAndLog()
{
    // A descriptor without O_CLOEXEC, as some library in the server might open one.
    const int leaky = ::open("/dev/null", O_RDONLY);
    QVERIFY(leaky >= 0);
    const auto closeLeaky = qScopeGuard([leaky] { ::close(leaky); });

    QString error;
    const qint64 pgid = ProcessGroup::launch(
        specFor(u"echo \"$SPACE_NAME\" > marker; pwd >> marker; echo to-stdout; "
                "echo to-stderr >&2; exec sleep 1000"_s),
        &error);
    test::GroupGuard guard(pgid);
    QVERIFY2(pgid > 0, qPrintable(error));
    QVERIFY(error.isEmpty());

    const QByteArray expected = "demo space\n" + QFile::encodeName(m_home) + '\n';
    QTRY_COMPARE_WITH_TIMEOUT(readFile(m_home + u"/marker"_s), expected, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(readFile(m_home + u"/logs/space.log"_s).contains("to-stderr"), 10000);
    const QByteArray log = readFile(m_home + u"/logs/space.log"_s);
    QVERIFY2(log.contains("to-stdout\n") && log.contains("to-stderr\n"), log.constData());

    QVERIFY(ProcessGroup::isAlive(pgid));
    // Once the shell has exec'd sleep, it holds exactly stdin, stdout and stderr.
    QTRY_COMPARE_WITH_TIMEOUT(readFile(u"/proc/%1/comm"_s.arg(pgid)), QByteArray("sleep\n"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(
        QDir(u"/proc/%1/fd"_s.arg(pgid))
            .entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System),
        QStringList({u"0"_s, u"1"_s, u"2"_s}), 5000);
    // The shell exec'd sleep, so the group leader is still there: it leads its own session
    // and group, and it is not our child (double fork).
    QTRY_VERIFY(ProcessGroup::members(pgid).contains(pgid));
    QCOMPARE(test::procStatField(pgid, 5), pgid);                // pgrp
    QCOMPARE(test::procStatField(pgid, 6), pgid);                // session
    QVERIFY(test::procStatField(pgid, 4) != qint64(::getpid())); // ppid

    QVERIFY(ProcessGroup::terminate(pgid, 2s));
    QVERIFY(!ProcessGroup::isAlive(pgid));
    QVERIFY(!test::processIsLive(pgid));
}

void TestProcessGroup::terminateEndsGrandchildren()
{
    QString error;
    const qint64 pgid = ProcessGroup::launch(specFor(u"sleep 1000 & sleep 1000 & wait"_s), &error);
    test::GroupGuard guard(pgid);
    QVERIFY2(pgid > 0, qPrintable(error));

    QTRY_COMPARE_WITH_TIMEOUT(ProcessGroup::members(pgid).size(), 3, 10000);
    const QList<qint64> members = ProcessGroup::members(pgid);

    QVERIFY(ProcessGroup::terminate(pgid, 5s));
    QVERIFY(!ProcessGroup::isAlive(pgid));
    for (qint64 pid : members)
        QVERIFY2(!test::processIsLive(pid), qPrintable(u"pid %1 survived"_s.arg(pid)));
    QVERIFY(ProcessGroup::members(pgid).isEmpty());
}

void TestProcessGroup::terminateKillsWhatIgnoresTerm()
{
    // SIG_IGN is inherited, so every sleep ignores SIGTERM too; `ready` says the trap is set.
    QString error;
    const qint64 pgid = ProcessGroup::launch(
        specFor(u"trap '' TERM; sleep 1000 & sleep 1000 & touch ready; wait"_s), &error);
    test::GroupGuard guard(pgid);
    QVERIFY2(pgid > 0, qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(m_home + u"/ready"_s), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(ProcessGroup::members(pgid).size(), 3, 10000);

    QElapsedTimer timer;
    timer.start();
    QVERIFY(ProcessGroup::terminate(pgid, 300ms));
    QVERIFY2(timer.elapsed() >= 300, "SIGKILL came before the grace period ended");
    QVERIFY2(timer.elapsed() < 5000, "terminate() took too long");
    QVERIFY(!ProcessGroup::isAlive(pgid));
}

void TestProcessGroup::terminateReturnsEarlyWhenTermIsHonoured()
{
    QString error;
    const qint64 pgid = ProcessGroup::launch(specFor(u"exec sleep 1000"_s), &error);
    test::GroupGuard guard(pgid);
    QVERIFY2(pgid > 0, qPrintable(error));

    QElapsedTimer timer;
    timer.start();
    QVERIFY(ProcessGroup::terminate(pgid, 20s));
    QVERIFY2(timer.elapsed() < 5000, "terminate() waited for the grace period needlessly");
}

void TestProcessGroup::launchFailures_data()
{
    QTest::addColumn<QString>("shellPath");
    QTest::addColumn<QString>("workingDirectory");
    QTest::addColumn<QString>("logFile");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("missing shell")
        << u"/nonexistent/bin/bash"_s << QString() << QString() << u"/nonexistent/bin/bash"_s;
    QTest::newRow("shell not executable")
        << u"/etc/passwd"_s << QString() << QString() << u"/etc/passwd"_s;
    QTest::newRow("relative shell") << u"bash"_s << QString() << QString() << u"bash"_s;
    QTest::newRow("missing working directory")
        << QString() << u"/nonexistent/work"_s << QString() << u"/nonexistent/work"_s;
    QTest::newRow("log file not writable")
        << QString() << QString() << u"/etc/passwd/space.log"_s << u"/etc/passwd/space.log"_s;
}

void TestProcessGroup::launchFailures()
{
    QFETCH(QString, shellPath);
    QFETCH(QString, workingDirectory);
    QFETCH(QString, logFile);
    QFETCH(QString, mentions);

    LaunchSpec spec = specFor(u"exec sleep 1000"_s);
    if (!shellPath.isEmpty())
        spec.shellPath = shellPath;
    if (!workingDirectory.isEmpty())
        spec.workingDirectory = workingDirectory;
    if (!logFile.isEmpty())
        spec.logFilePath = logFile;

    QString error;
    const qint64 pgid = ProcessGroup::launch(spec, &error);
    test::GroupGuard guard(pgid);
    QCOMPARE(pgid, -1);
    QVERIFY2(error.contains(mentions), qPrintable(error));
    QVERIFY2(error.size() > mentions.size() + 5, qPrintable(error)); // a sentence, not just a path
}

void TestProcessGroup::notAliveAfterExitingOnItsOwn()
{
    QString error;
    const qint64 pgid = ProcessGroup::launch(specFor(u"sleep 0.2 & wait; exit 3"_s), &error);
    test::GroupGuard guard(pgid);
    QVERIFY2(pgid > 0, qPrintable(error));
    // Nobody here reaps the shell (its parent is pid 1, which may not reap): it may linger as
    // a zombie, which must count as dead.
    QTRY_VERIFY_WITH_TIMEOUT(!ProcessGroup::isAlive(pgid), 10000);
    QVERIFY(ProcessGroup::members(pgid).isEmpty());
    QVERIFY(!test::processIsLive(pgid));
}

void TestProcessGroup::zombiesCountAsDead()
{
    // Leave a zombie in the group that no one will ever reap: M forks Z (in the group), then
    // setsid(1) moves M into its own session, where it sleeps without ever waiting for Z. The
    // leader exits. Only the zombie Z remains in the group.
    const QString setsid = ShellLocator::find(u"setsid"_s);
    if (setsid.isEmpty())
        QSKIP("setsid(1) is not installed");

    QString error;
    const qint64 pgid = ProcessGroup::launch(
        specFor(u"sh -c 'sleep 0 & echo $$ > m.pid; exec %1 sleep 1000' & exit 0"_s.arg(setsid)),
        &error);
    test::GroupGuard guard(pgid);
    QVERIFY2(pgid > 0, qPrintable(error));

    QTRY_VERIFY_WITH_TIMEOUT(!readFile(m_home + u"/m.pid"_s).trimmed().isEmpty(), 10000);
    const qint64 sleeper = readFile(m_home + u"/m.pid"_s).trimmed().toLongLong();
    QVERIFY(sleeper > 1);
    test::GroupGuard sleeperGuard(sleeper);                                     // its own group now
    QTRY_COMPARE_WITH_TIMEOUT(test::procStatField(sleeper, 6), sleeper, 10000); // setsid done

    QTRY_VERIFY_WITH_TIMEOUT(!ProcessGroup::isAlive(pgid), 10000);
    // The zombie is really there: a process of the group, in state Z, held by the sleeper.
    bool foundZombie = false;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (isPid && test::procStatField(pid, 5) == pgid && test::processState(pid) == "Z" &&
            test::procStatField(pid, 4) == sleeper)
            foundZombie = true;
    }
    QVERIFY(foundZombie);
    QVERIFY(ProcessGroup::terminate(pgid, 0ms)); // nothing alive: true at once
    QVERIFY(ProcessGroup::terminate(sleeper, 1s));
}

void TestProcessGroup::refusesDangerousIds()
{
    QVERIFY(!ProcessGroup::isAlive(0));
    QVERIFY(!ProcessGroup::isAlive(-1));
    QVERIFY(!ProcessGroup::terminate(0, 0ms));
    QVERIFY(!ProcessGroup::terminate(1, 0ms));
    QVERIFY(!ProcessGroup::terminate(-1, 0ms));
    QVERIFY(!ProcessGroup::terminate(::getpgrp(), 0ms));
}

QTEST_GUILESS_MAIN(TestProcessGroup)
#include "tst_processgroup.moc"
