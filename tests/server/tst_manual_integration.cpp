// What the manual backend (`"platform": "manual"`, unisolated) promises, against a real
// spacesd: its spaces run as the server's user on the host's file system, but in a pid
// namespace of their own, so stop ends every process a service or a command started, also
// those that cleared their environment and left their session; commands and terminals run
// inside it and see only the space's processes; how the services ended is recorded; a kill -9
// of spacesd at any moment of a start leaves neither an orphan nor a duplicate; a new spacesd
// adopts what runs, including spaces an older server recorded as bare process groups.
#include "SeenProcessGroup.h"
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

QJsonObject manualTemplate(const QString &name, const QString &command)
{
    return {{u"name"_s, name}, {u"platform"_s, u"manual"_s}, {u"startup_command"_s, command}};
}

// Services that hold a shared lock on held.lock in their home for as long as any of them
// lives, one of them without the space's environment in a session of its own.
QJsonObject escapingTemplate()
{
    return manualTemplate(u"escaping"_s,
                          u"exec 9>>held.lock; flock -s 9; setsid env -i sh -c 'sleep 1000 &';"
                          u" echo up > up; exec sleep 1001"_s);
}

QString output(const ApiReply &reply)
{
    return reply.json.value(u"output"_s).toString();
}

ApiReply run(const ApiCall &api, const QString &space, const QString &command)
{
    return api.post(u"/api/spaces/%1/run-command"_s.arg(space), {{u"command"_s, command}});
}

// "manual:<init pid>:<start>/<launcher pid>:<start>": the namespace's init, as this computer
// numbers it.
qint64 initOf(const QString &handle)
{
    return handle.startsWith(u"manual:"_s) ? handle.section(u':', 1, 1).toLongLong() : 0;
}

QByteArray readProc(qint64 pid, const char *entry)
{
    QFile file(u"/proc/%1/%2"_s.arg(pid).arg(QLatin1StringView(entry)));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The init and all its descendants, by their numbers on this computer (children lists, from
// the init down). Orphans inside a pid namespace are the init's children, so this is every
// process of the space.
QList<qint64> processTree(qint64 root)
{
    QList<qint64> tree;
    if (root <= 1)
        return tree;
    tree.append(root);
    for (qsizetype i = 0; i < tree.size(); ++i) {
        const QByteArray children =
            readProc(tree[i], QByteArray("task/" + QByteArray::number(tree[i]) + "/children"))
                .simplified();
        for (const QByteArray &child : children.split(' ')) {
            if (child.toLongLong() > 0)
                tree.append(child.toLongLong());
        }
    }
    return tree;
}

// The process of the tree running exactly `args` (its command line, NUL-separated), or 0.
qint64 findRunning(const QList<qint64> &tree, const QByteArray &args)
{
    for (const qint64 pid : tree) {
        QByteArray commandLine = readProc(pid, "cmdline");
        commandLine.replace('\0', ' ');
        if (commandLine.trimmed() == args)
            return pid;
    }
    return 0;
}

qint64 sessionOf(qint64 pid)
{
    const QByteArray stat = readProc(pid, "stat");
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 3 ? fields[3].toLongLong() : 0;
}

// Edits the database of a stopped server (as an older server would have left it).
bool recordHandle(const TestServer &server, const QString &spaceId, qint64 group,
                  const QString &handle)
{
    bool done = false;
    const QString connection = u"manual-test"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(QDir(server.process.dataDirectory()).filePath(u"spaces.db"_s));
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(u"UPDATE spaces SET is_deployed = 1, is_pending = 0, process_group = ?,"
                          u" runtime_handle = ? WHERE id = ?"_s);
            query.addBindValue(group);
            query.addBindValue(handle);
            query.addBindValue(spaceId);
            done = query.exec() && query.numRowsAffected() == 1;
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return done;
}

} // namespace

class ManualIntegrationTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stopEndsWhatClearedItsEnvironmentAndLeftItsSession()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(escapingTemplate()).isEmpty());
        const QString id = server.createSpace(u"escaper"_s, u"escaping"_s);
        QCOMPARE(server.startSpace(id), 200);
        KillGuard guard;
        guard.addGroup(server.processGroupOf(id));
        const QString lock = server.home(id) + u"/held.lock"_s;
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(server.home(id) + u"/up"_s), 10000);
        const QString handle = server.handleOf(id);
        QVERIFY2(handle.startsWith(u"manual:"_s), qPrintable(handle));
        // A command leaves the same behind.
        const ApiReply left = run(server.api(), u"escaper"_s,
                                  u"exec 9>>held.lock; flock -s 9;"
                                  u" setsid env -i sh -c 'sleep 1002 &'; echo left"_s);
        QVERIFY2(output(left).contains(u"left"_s), describeReply(left).constData());

        QList<qint64> tree;
        qint64 escaped = 0;
        qint64 leftByCommand = 0;
        QTRY_VERIFY_WITH_TIMEOUT((tree = processTree(initOf(handle)),
                                  (escaped = findRunning(tree, "sleep 1000")) > 0 &&
                                      (leftByCommand = findRunning(tree, "sleep 1002")) > 0 &&
                                      findRunning(tree, "sleep 1001") > 0),
                                 10000);
        guard.addPids(tree);
        // They really escaped what the old stop relied on: no SPACE_ID, another session.
        for (const qint64 pid : {escaped, leftByCommand}) {
            QVERIFY(!readProc(pid, "environ").contains("SPACE_ID="));
            QVERIFY(sessionOf(pid) != server.processGroupOf(id));
        }
        // Commands see the space's processes, by the numbers of its namespace.
        const QString listed = output(run(server.api(), u"escaper"_s, u"ps -e -o pid=,args="_s));
        QVERIFY2(listed.contains(u"sleep 1002"_s) && listed.contains(u"sleep 1000"_s),
                 qPrintable(listed));
        QVERIFY2(QRegularExpression(u"^\\s*1 "_s, QRegularExpression::MultilineOption)
                     .match(listed)
                     .hasMatch(),
                 qPrintable(listed));
        QVERIFY2(!listed.contains(u"spacesd"_s), qPrintable(listed));

        QElapsedTimer timer;
        timer.start();
        QCOMPARE(server.stopSpace(id), 200);
        const qint64 took = timer.elapsed();
        QVERIFY2(noneAlive(tree), "a process of the space survived stop");
        QVERIFY2(!isLockHeld(lock), "a process of the space survived stop");
        QVERIFY2(!isLockHeld(server.logFile(id)), "a launcher of the space survived stop");
        QVERIFY(!server.isDeployed(id));
        QVERIFY(server.handleOf(id).isEmpty());
        qInfo("stop took %lld ms", took);
    }

    void servicesRunUnisolatedWithNothingIgnored()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server
                     .createTemplate(manualTemplate(
                         u"plain"_s, u"grep -E '^(SigIgn|Uid):' /proc/self/status > status.txt;"
                                     u" pwd -P > cwd.txt; exec sleep 1000"_s))
                     .isEmpty());
        const QString id = server.createSpace(u"plain-space"_s, u"plain"_s);
        QCOMPARE(server.startSpace(id), 200);
        KillGuard guard;
        guard.addGroup(server.processGroupOf(id));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(server.home(id) + u"/cwd.txt"_s), 10000);
        QFile status(server.home(id) + u"/status.txt"_s);
        QVERIFY(status.open(QIODevice::ReadOnly));
        const QByteArray text = status.readAll();
        // The init runs the command in the background, which must not leave SIGINT and
        // SIGQUIT ignored.
        QVERIFY2(text.contains("SigIgn:\t0000000000000000"), text.constData());
        const QByteArray uid = QByteArray::number(::geteuid());
        QVERIFY2(text.contains(QByteArray("Uid:\t" + uid + "\t" + uid)), text.constData());
        QFile cwd(server.home(id) + u"/cwd.txt"_s);
        QVERIFY(cwd.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(cwd.readAll()).trimmed(), QDir(server.home(id)).canonicalPath());
        // The host's file system, read and written where the server's user may.
        QVERIFY(output(run(server.api(), u"plain-space"_s,
                           u"cat %1/spaces.db > /dev/null && echo readable"_s.arg(
                               server.process.dataDirectory())))
                    .contains(u"readable"_s));
        QCOMPARE(server.stopSpace(id), 200);
    }

    void spaceWithoutServicesStillEndsWhatCommandsLeft()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(manualTemplate(u"empty"_s, {})).isEmpty());
        const QString id = server.createSpace(u"empty-space"_s, u"empty"_s);
        QCOMPARE(server.startSpace(id), 200);
        KillGuard guard;
        guard.addGroup(server.processGroupOf(id));
        const QString handle = server.handleOf(id);
        QVERIFY2(handle.startsWith(u"manual:"_s), qPrintable(handle));
        QVERIFY(output(run(server.api(), u"empty-space"_s,
                           u"exec 9>>held.lock; flock -s 9; setsid env -i sh -c 'sleep 1004 &';"
                           u" echo left"_s))
                    .contains(u"left"_s));
        qint64 leftBehind = 0;
        QTRY_VERIFY_WITH_TIMEOUT(
            (leftBehind = findRunning(processTree(initOf(handle)), "sleep 1004")) > 0, 10000);
        guard.addPids({leftBehind});
        // The monitor has run since: a space with nothing to run has not "ended".
        QTest::qWait(1200);
        QVERIFY(server.isDeployed(id));
        QCOMPARE(server.stopSpace(id), 200);
        QVERIFY(!isProcessAlive(leftBehind));
        QVERIFY(!isLockHeld(server.home(id) + u"/held.lock"_s));
    }

    void howTheServicesEndedIsRecorded()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(
            !server.createTemplate(manualTemplate(u"failing"_s, u"echo about to fail; exit 3"_s))
                 .isEmpty());
        QVERIFY(
            !server.createTemplate(manualTemplate(u"sleeper"_s, u"exec sleep 1000"_s)).isEmpty());
        const QString failing = server.createSpace(u"failing-space"_s, u"failing"_s);
        const QString victim = server.createSpace(u"victim"_s, u"sleeper"_s);
        QCOMPARE(server.startSpace(failing), 200);
        QCOMPARE(server.startSpace(victim), 200);
        KillGuard guard;
        guard.addGroup(server.processGroupOf(failing));
        guard.addGroup(server.processGroupOf(victim));

        QTRY_VERIFY_WITH_TIMEOUT(!server.space(failing).value(u"last_exit"_s).toObject().isEmpty(),
                                 10000);
        const QJsonObject exited = server.space(failing).value(u"last_exit"_s).toObject();
        QCOMPARE(exited.value(u"code"_s).toInt(-1), 3);
        QCOMPARE(exited.value(u"reason"_s).toString(), u"exited with status 3"_s);
        QVERIFY(exited.value(u"log"_s).toArray().contains(u"about to fail"_s));
        QVERIFY(!server.isDeployed(failing));

        // The service is the init's child; killed from outside, the space names the signal.
        const QString handle = server.handleOf(victim);
        qint64 service = 0;
        QTRY_VERIFY_WITH_TIMEOUT(
            (service = findRunning(processTree(initOf(handle)), "sleep 1000")) > 0, 10000);
        guard.addPids({service});
        QCOMPARE(::kill(pid_t(service), SIGKILL), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!server.space(victim).value(u"last_exit"_s).toObject().isEmpty(),
                                 10000);
        const QJsonObject killed = server.space(victim).value(u"last_exit"_s).toObject();
        QCOMPARE(killed.value(u"signal"_s).toString(), u"SIGKILL"_s);
        QVERIFY(!server.isDeployed(victim));
        QVERIFY(!isLockHeld(server.logFile(victim)));
    }

    void adoptedAfterCrashAndStillEntered()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(escapingTemplate()).isEmpty());
        const QString id = server.createSpace(u"adoptee"_s, u"escaping"_s);
        QCOMPARE(server.startSpace(id), 200);
        KillGuard guard;
        guard.addGroup(server.processGroupOf(id));
        const QString handle = server.handleOf(id);
        QVERIFY2(handle.startsWith(u"manual:"_s), qPrintable(handle));
        QVERIFY(output(run(server.api(), u"adoptee"_s,
                           u"exec 9>>held.lock; flock -s 9; setsid env -i sh -c 'sleep 1003 &';"
                           u" echo left"_s))
                    .contains(u"left"_s));

        server.process.kill();
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(server.isDeployed(id));
        QCOMPARE(server.handleOf(id), handle);
        // The same namespace: what the first server's command left is there.
        QVERIFY(
            output(run(server.api(), u"adoptee"_s, u"ps -e -o args="_s)).contains(u"sleep 1003"_s));
        const QList<qint64> tree = processTree(initOf(handle));
        guard.addPids(tree);
        QCOMPARE(server.stopSpace(id), 200);
        QVERIFY(noneAlive(tree));
        QVERIFY(!isLockHeld(server.home(id) + u"/held.lock"_s));
        QVERIFY(!isLockHeld(server.logFile(id)));
    }

    void crashDuringStartsLeavesNoOrphanNorDuplicate()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(escapingTemplate()).isEmpty());
        const QString id = server.createSpace(u"crashy"_s, u"escaping"_s);
        QVERIFY(!id.isEmpty());
        const QString lock = server.home(id) + u"/held.lock"_s;
        int adopted = 0;
        for (int round = 0; round < 30; ++round) {
            // The start is in flight (curl), the server dies at a random moment of it.
            QProcess start;
            start.start(u"curl"_s,
                        {u"-s"_s, u"-m"_s, u"5"_s, u"-X"_s, u"POST"_s, u"-H"_s,
                         u"Authorization: Bearer "_s + server.process.token(),
                         server.process.url().toString() + u"/api/spaces/%1/start"_s.arg(id)});
            QVERIFY(start.waitForStarted());
            QTest::qWait(int(QRandomGenerator::global()->bounded(40)));
            server.process.kill();
            start.waitForFinished(6000);
            QTRY_VERIFY2_WITH_TIMEOUT(server.start(&error), qPrintable(error), 5000);
            const QString handle = server.handleOf(id);
            if (server.isDeployed(id)) {
                ++adopted;
                QVERIFY2(handle.startsWith(u"manual:"_s), qPrintable(handle));
                QCOMPARE(server.stopSpace(id), 200);
            } else {
                QVERIFY2(handle.isEmpty(), qPrintable(handle));
            }
            // Whatever was launched without its handle on disk ends by itself, at once; an
            // adopted one was stopped whole (a duplicate would still hold the lock).
            QTRY_VERIFY2_WITH_TIMEOUT(
                !isLockHeld(lock), qPrintable(u"round %1: a process survived"_s.arg(round)), 3000);
            // Every process launched for it, unshare's own included, holds the log open.
            QTRY_VERIFY2_WITH_TIMEOUT(!isLockHeld(server.logFile(id)),
                                      qPrintable(u"round %1: a launcher survived"_s.arg(round)),
                                      3000);
        }
        qInfo("%d of 30 starts were adopted after the crash, the others had left nothing", adopted);
        QCOMPARE(server.startSpace(id), 200);
        QTRY_VERIFY_WITH_TIMEOUT(isLockHeld(lock), 10000);
        QCOMPARE(server.stopSpace(id), 200);
        QVERIFY(!isLockHeld(lock));
    }

    void processGroupOfAnOlderServerIsAdoptedAndStopped()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(manualTemplate(u"older"_s, u"exec sleep 1000"_s)).isEmpty());
        const QString id = server.createSpace(u"older-space"_s, u"older"_s);
        QCOMPARE(server.process.terminate(), 0);

        // What an older server left running: a group of its own, recorded as "group:".
        QProcess launcher;
        launcher.start(u"sh"_s, {u"-c"_s, u"setsid sleep 1006 > /dev/null 2>&1 & echo $!"_s});
        QVERIFY(launcher.waitForFinished(5000));
        const qint64 group = launcher.readAllStandardOutput().trimmed().toLongLong();
        QVERIFY(group > 1);
        KillGuard guard;
        guard.addGroup(group);
        QTRY_VERIFY(SeenProcessGroup::startTimeOf(group) > 0 &&
                    readProc(group, "cmdline").startsWith("sleep"));
        const QString handle =
            u"group:%1:%2"_s.arg(group).arg(SeenProcessGroup::startTimeOf(group));
        QVERIFY(recordHandle(server, id, group, handle));

        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(server.isDeployed(id));
        QCOMPARE(server.handleOf(id), handle);
        // Stopped the old way: the group, no search for anything else.
        QCOMPARE(server.stopSpace(id), 200);
        QVERIFY(!isProcessAlive(group));
        QVERIFY(!server.isDeployed(id));
    }
};

QTEST_GUILESS_MAIN(ManualIntegrationTest)
#include "tst_manual_integration.moc"
