// What the sandbox backend (the default for local spaces) promises, against a real spacesd:
// a space sees its own home and the system read-only, nothing of the server, other spaces
// or users; it has no capabilities and is never root; stop ends everything it started even
// when it cleared its environment or left its session; a kill -9 of spacesd at any moment
// of a start leaves neither an orphan nor a duplicate; a new spacesd adopts what runs.
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

// Services that hold a shared lock on held.lock in their home for as long as any of them
// lives, including one that cleared its environment and left the session.
QJsonObject lockingTemplate()
{
    return {{u"name"_s, u"locking"_s},
            {u"startup_command"_s,
             u"exec 9>>held.lock; flock -s 9; (env -i setsid sleep 1001 &); exec sleep 1000"_s}};
}

QString output(const ApiReply &reply)
{
    return reply.json.value(u"output"_s).toString();
}

ApiReply run(const ApiCall &api, const QString &space, const QString &command,
             const QString &workdir = {})
{
    QJsonObject body{{u"command"_s, command}};
    if (!workdir.isEmpty())
        body.insert(u"workdir"_s, workdir);
    return api.post(u"/api/spaces/%1/run-command"_s.arg(space), body);
}

} // namespace

class SandboxIntegrationTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void spaceSeesOnlyItsOwnHome()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const QString adminSpace = server.createSpace(u"admins"_s, u"blank"_s);
        QCOMPARE(server.startSpace(adminSpace), 200);
        QVERIFY(
            output(run(server.api(), u"admins"_s, u"echo s3cret-of-admin > secret.txt; echo ok"_s))
                .contains(u"ok"_s));

        const QString token = addUser(server.process, u"mallory"_s, {}, &error);
        QVERIFY2(!token.isEmpty(), qPrintable(error));
        const ApiCall mallory(server.process.url(), token);
        const ApiReply created =
            mallory.post(u"/api/spaces"_s, spaceRequest(u"mallorys"_s, u"blank"_s));
        QCOMPARE(created.status, 201);
        QCOMPARE(mallory.post(u"/api/spaces/mallorys/start"_s).status, 200);
        QCOMPARE(mallory.get(u"/api/spaces/mallorys"_s).json.value(u"platform"_s).toString(),
                 u"container"_s);

        const QString data = server.process.dataDirectory();
        const QString adminHome = server.home(adminSpace);
        const QStringList attempts{
            u"cat ../../../server.json ../../server.json ../server.json"_s,
            u"cat ../../../../server.json ../../../spaces.db"_s,
            u"cat '%1/server.json' '%1/spaces.db'"_s.arg(data),
            u"cat '%1/secret.txt'; ls '%2/spaces'"_s.arg(adminHome, data),
            u"ls /home; cat /home/admins/secret.txt"_s,
            u"cat /root/.local/share/spaces-desktop/server.json /etc/shadow"_s,
        };
        for (const QString &attempt : attempts) {
            const ApiReply reply = run(mallory, u"mallorys"_s, attempt);
            QCOMPARE(reply.status, 200);
            QVERIFY2(!reply.json.value(u"success"_s).toBool(), qPrintable(attempt));
            QVERIFY2(!output(reply).contains(server.process.token()), qPrintable(attempt));
            QVERIFY2(!output(reply).contains(u"s3cret"_s), qPrintable(attempt));
        }
        QCOMPARE(output(run(mallory, u"mallorys"_s, u"ls /home"_s)), u"mallorys\n"_s);
        // A working folder outside the space's view does not exist in it.
        QCOMPARE(run(mallory, u"mallorys"_s, u"cat server.json"_s, data).status, 400);
        const ApiReply fromRoot =
            run(mallory, u"mallorys"_s, u"ls -a; cat server.json spaces.db"_s, u"/"_s);
        QVERIFY(!fromRoot.json.value(u"success"_s).toBool());
        QVERIFY(!output(fromRoot).contains(server.process.token()));
        const ApiReply script = mallory.post(
            u"/api/spaces/mallorys/execute-script"_s,
            {{u"content"_s,
              u"#!/bin/sh\ncat '%1/server.json' ../../../server.json '%2/secret.txt'\n"_s.arg(
                  data, adminHome)}});
        QCOMPARE(script.status, 200);
        QVERIFY(script.json.value(u"exit_code"_s).toInt() != 0);
        QVERIFY(!script.json.value(u"output"_s).toString().contains(server.process.token()));
        QVERIFY(!script.json.value(u"output"_s).toString().contains(u"s3cret"_s));

        // Not root, no capabilities: in commands and in services alike.
        const QString status = output(
            run(mallory, u"mallorys"_s, u"id -u; grep -E '^Cap(Eff|Prm|Amb)' /proc/self/status"_s));
        QVERIFY2(!status.startsWith(u"0\n"_s), qPrintable(status));
        QCOMPARE(status.count(u"0000000000000000"_s), 3);
        QCOMPARE(output(run(mallory, u"mallorys"_s, u"echo $HOME; pwd"_s)),
                 u"/home/mallorys\n/home/mallorys\n"_s);
        QVERIFY(output(run(mallory, u"mallorys"_s, u"touch /usr/x /etc/x 2>&1; echo done"_s))
                    .contains(u"Read-only"_s));
        QVERIFY(mallory.post(u"/api/spaces/mallorys/stop"_s).status == 200);
        QCOMPARE(server.stopSpace(adminSpace), 200);
    }

    void servicesHaveNoCapabilities()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server
                     .createTemplate({{u"name"_s, u"status"_s},
                                      {u"startup_command"_s,
                                       u"cat /proc/self/status > status.txt; exec sleep 1000"_s}})
                     .isEmpty());
        const QString id = server.createSpace(u"statused"_s, u"status"_s);
        QCOMPARE(server.startSpace(id), 200);
        QTRY_VERIFY_WITH_TIMEOUT(QFile(server.home(id) + u"/status.txt"_s).size() > 0, 10000);
        QFile file(server.home(id) + u"/status.txt"_s);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray status = file.readAll();
        QVERIFY2(status.contains("CapEff:\t0000000000000000"), status.constData());
        QVERIFY2(!status.contains("Uid:\t0\t"), status.constData());
        QCOMPARE(server.stopSpace(id), 200);
    }

    void stopEndsWhatClearedItsEnvironment()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(lockingTemplate()).isEmpty());
        const QString id = server.createSpace(u"escaper"_s, u"locking"_s);
        QCOMPARE(server.startSpace(id), 200);
        const QString lock = server.home(id) + u"/held.lock"_s;
        QTRY_VERIFY_WITH_TIMEOUT(isLockHeld(lock), 10000);
        // A command leaves more behind: no SPACE_ID, a session of its own, exec -c.
        const ApiReply left = run(
            server.api(), u"escaper"_s,
            u"(exec 9>>held.lock; flock -s 9; env -i setsid sleep 1002 &);"
            u" (exec -c bash -c 'exec 9>>held.lock; flock -s 9; setsid sleep 1003 &'); echo left"_s);
        QVERIFY2(output(left).contains(u"left"_s), describeReply(left).constData());
        QVERIFY(
            output(run(server.api(), u"escaper"_s, u"ps -e -o args"_s)).contains(u"sleep 1003"_s));

        QElapsedTimer timer;
        timer.start();
        QCOMPARE(server.stopSpace(id), 200);
        QVERIFY2(!isLockHeld(lock), "a process of the space survived stop");
        QVERIFY2(!isLockHeld(server.logFile(id)), "a launcher of the space survived stop");
        QVERIFY(!server.isDeployed(id));
        QVERIFY(server.handleOf(id).isEmpty());
        qInfo("stop took %lld ms", timer.elapsed());
    }

    void stopAsksEveryProcessFirst()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        // Two processes that clean up on SIGTERM, one in a session of its own without the
        // space's environment, and a service that waits for them on SIGTERM (the sandbox ends
        // with its service): the grace period is everyone's, not only the service's.
        QVERIFY(!server
                     .createTemplate(
                         {{u"name"_s, u"tidy"_s},
                          {u"startup_command"_s,
                           u"sh -c 'trap \"echo a > a.done; exit 0\" TERM; sleep 1000 & wait' &"
                           u" env -i setsid sh -c 'trap \"echo b > b.done; exit 0\" TERM;"
                           u" sleep 1000 & wait' & trap 'wait; exit 0' TERM; echo up > up;"
                           u" sleep 1000 & wait"_s}})
                     .isEmpty());
        const QString id = server.createSpace(u"tidy"_s, u"tidy"_s);
        QCOMPARE(server.startSpace(id), 200);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(server.home(id) + u"/up"_s), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            output(run(server.api(), u"tidy"_s, u"ps -e -o args | grep -cx 'sleep 1000'"_s)),
            u"3\n"_s, 10000);
        QCOMPARE(server.stopSpace(id), 200);
        QVERIFY(QFile::exists(server.home(id) + u"/a.done"_s));
        QVERIFY(QFile::exists(server.home(id) + u"/b.done"_s));
        QVERIFY(!server.isDeployed(id));
    }

    void adoptedAfterRestartAndStillEntered()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(lockingTemplate()).isEmpty());
        const QString id = server.createSpace(u"adoptee"_s, u"locking"_s);
        QCOMPARE(server.startSpace(id), 200);
        const QString handle = server.handleOf(id);
        QVERIFY2(handle.startsWith(u"sandbox:"_s), qPrintable(handle));
        QVERIFY(output(run(server.api(), u"adoptee"_s, u"echo kept > /tmp/marker; echo ok"_s))
                    .contains(u"ok"_s));

        server.process.kill();
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(server.isDeployed(id));
        QCOMPARE(server.handleOf(id), handle);
        // The same sandbox: its private /tmp still holds what the first server's command left.
        QCOMPARE(output(run(server.api(), u"adoptee"_s, u"cat /tmp/marker"_s)), u"kept\n"_s);
        QCOMPARE(server.stopSpace(id), 200);
        QVERIFY(!isLockHeld(server.home(id) + u"/held.lock"_s));
    }

    void crashDuringStartsLeavesNoOrphanNorDuplicate()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(lockingTemplate()).isEmpty());
        const QString id = server.createSpace(u"crashy"_s, u"locking"_s);
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
            QTest::qWait(int(QRandomGenerator::global()->bounded(60)));
            server.process.kill();
            start.waitForFinished(6000);
            // The killed server's pid may linger a moment (its lock file names it).
            QTRY_VERIFY2_WITH_TIMEOUT(server.start(&error), qPrintable(error), 5000);
            const QString handle = server.handleOf(id);
            if (server.isDeployed(id)) {
                ++adopted;
                QVERIFY2(handle.startsWith(u"sandbox:"_s), qPrintable(handle));
                QCOMPARE(server.stopSpace(id), 200);
            } else {
                QVERIFY2(handle.isEmpty(), qPrintable(handle));
            }
            // Whatever was launched without its handle on disk ends by itself, at once.
            QTRY_VERIFY2_WITH_TIMEOUT(
                !isLockHeld(lock), qPrintable(u"round %1: a process survived"_s.arg(round)), 3000);
            // Every process launched for it, bubblewrap's own before any service ran included,
            // holds the space's log open (and with it a shared lock, see ProcessGroup).
            QTRY_VERIFY2_WITH_TIMEOUT(!isLockHeld(server.logFile(id)),
                                      qPrintable(u"round %1: a launcher survived"_s.arg(round)),
                                      3000);
        }
        qInfo("%d of 30 starts were adopted after the crash, the others had left nothing", adopted);
        // And the space still starts cleanly once.
        QCOMPARE(server.startSpace(id), 200);
        QTRY_VERIFY_WITH_TIMEOUT(isLockHeld(lock), 10000);
        QCOMPARE(server.stopSpace(id), 200);
        QVERIFY(!isLockHeld(lock));
    }

    void missingBubblewrapIsSaidNotWorkedAround()
    {
        qputenv("SPACES_BWRAP", "/nonexistent/bwrap");
        TestServer server;
        QString error;
        const bool started = server.start(&error);
        qunsetenv("SPACES_BWRAP");
        QVERIFY2(started, qPrintable(error));
        const QString id = server.createSpace(u"unsandboxed"_s, u"blank"_s);
        const ApiReply reply = server.api().post(u"/api/spaces/%1/start"_s.arg(id));
        QCOMPARE(reply.status, 500);
        QVERIFY2(reply.error().contains(u"bubblewrap"_s), reply.body.constData());
        QVERIFY(!server.isDeployed(id));
    }

    void manualPlatformRunsUnisolatedOnRequest()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server
                     .createTemplate({{u"name"_s, u"plain"_s},
                                      {u"platform"_s, u"manual"_s},
                                      {u"startup_command"_s, u"exec sleep 1000"_s}})
                     .isEmpty());
        const QString id = server.createSpace(u"plain-space"_s, u"plain"_s);
        QCOMPARE(server.space(id).value(u"platform"_s).toString(), u"manual"_s);
        QCOMPARE(server.startSpace(id), 200);
        QVERIFY(server.handleOf(id).startsWith(u"manual:"_s));
        QCOMPARE(output(run(server.api(), u"plain-space"_s, u"echo $HOME"_s)).trimmed(),
                 server.home(id));
        QCOMPARE(output(run(server.api(), u"plain-space"_s, u"id -u"_s)).trimmed(),
                 QString::number(::geteuid()));
        QCOMPARE(server.stopSpace(id), 200);
    }
};

QTEST_GUILESS_MAIN(SandboxIntegrationTest)
#include "tst_sandbox_integration.moc"
