// What the podman backend promises, against a real spacesd and real containers: a template
// with "platform": "podman" runs as a container of its image, named and labelled by the space,
// with the space's home as its volume and nothing of the server's data; commands run inside;
// stop ends everything (also what cleared its environment) and removes the container; a new
// spacesd adopts a running container; a kill -9 of spacesd during starts leaves no orphan and
// no duplicate; without podman a start says so. A terminal is a real one inside the container
// (its own /dev/pts, resizes, job control, the shell's exit status, nothing left when the
// socket closes); nothing inside has a capability; the seed's functions, through the `spaces`
// module, pass against a podman space (podman_seed_functions.py).
//
// Podman runs in a storage of the test's own (CONTAINERS_STORAGE_CONF) with the settings this
// machine kind needs (CONTAINERS_CONF: runc, explicit ulimits), from an image built here from
// busybox-static: no registry is needed and the user's containers are never touched.
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"
#include "TerminalClient.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

const QString Image = u"spaces-test-busybox"_s;

struct Run
{
    int exitCode = -1;
    QString output;
};

Run podman(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(u"podman"_s, arguments);
    if (!process.waitForStarted())
        return {-1, u"podman could not be started"_s};
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return {-1, u"podman timed out"_s};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAll())};
}

QStringList containersOf(const QString &spaceId, bool runningOnly = false)
{
    QStringList args{u"ps"_s, u"--format"_s, u"{{.Names}}"_s, u"--filter"_s,
                     u"label=spaces.space-id="_s + spaceId};
    if (!runningOnly)
        args.insert(1, u"-a"_s);
    return podman(args).output.split(u'\n', Qt::SkipEmptyParts);
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QJsonObject boxTemplate(const QString &name, const QString &startup)
{
    return {{u"name"_s, name},
            {u"platform"_s, u"podman"_s},
            {u"image"_s, Image},
            {u"startup_command"_s, startup},
            {u"environment"_s, QJsonObject{{u"GREETING"_s, u"hello ${SPACE_NAME}"_s}}}};
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

// Services with sleeps of their own durations, one of which cleared its environment and
// left the session (busybox has no flock to hold a lock with).
const QString Sleeping = u"(env -i setsid sleep 7341 &); exec sleep 7340"_s;

// Processes of this machine running `sleep <seconds>` for one of the given durations: the
// host sees the container's processes.
int sleepers(const QStringList &durations)
{
    int count = 0;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        QFile file(u"/proc/"_s + entry + u"/cmdline"_s);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> args = file.readAll().split('\0');
        if (args.size() >= 2 && args[0].endsWith("sleep") &&
            durations.contains(QString::fromLatin1(args[1])))
            ++count;
    }
    return count;
}

const QStringList SleeperDurations{u"7340"_s, u"7341"_s, u"7342"_s};

// `podman <subcommand> ... <container>` processes of this machine (exec, logs).
int podmanRuns(const QByteArray &subcommand, const QString &container)
{
    int count = 0;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        QFile file(u"/proc/"_s + entry + u"/cmdline"_s);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> args = file.readAll().split('\0');
        if (!args.isEmpty() && args[0].endsWith("podman") && args.contains(subcommand) &&
            args.contains(container.toUtf8()))
            ++count;
    }
    return count;
}

} // namespace

class PodmanIntegrationTest final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_storage;
    QString m_skipReason;

    // The image from busybox-static: /bin/busybox, its applets as symlinks, an os-release
    // that names it.
    QString buildImage()
    {
        const QString busybox = u"/bin/busybox"_s;
        if (!QFileInfo(busybox).isExecutable())
            return u"busybox-static is not installed"_s;
        const QString root = m_storage.filePath(u"rootfs"_s);
        for (const char *folder : {"bin", "etc", "tmp", "proc", "dev", "sys", "home", "run"})
            QDir().mkpath(root + u'/' + QString::fromLatin1(folder));
        if (!QFile::copy(busybox, root + u"/bin/busybox"_s))
            return u"cannot copy busybox"_s;
        QProcess list;
        list.start(busybox, {u"--list"_s});
        list.waitForFinished();
        for (const QString &applet :
             QString::fromUtf8(list.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts)) {
            if (applet != u"busybox"_s)
                QFile::link(u"busybox"_s, root + u"/bin/"_s + applet);
        }
        writeFile(root + u"/etc/os-release"_s, "NAME=\"spaces-test-busybox\"\n");
        writeFile(root + u"/etc/passwd"_s, "root:x:0:0:root:/root:/bin/sh\n");
        QProcess tar;
        tar.start(u"tar"_s, {u"-C"_s, root, u"-c"_s, u"."_s});
        if (!tar.waitForFinished(60000) || tar.exitCode() != 0)
            return u"tar of the image failed"_s;
        const Run imported = podman({u"import"_s, u"-"_s, Image}, tar.readAllStandardOutput());
        if (imported.exitCode != 0)
            return u"podman import failed: "_s + imported.output;
        const Run probe =
            podman({u"run"_s, u"--rm"_s, u"--network"_s, u"host"_s, Image, u"true"_s});
        if (probe.exitCode != 0)
            return u"podman cannot run a container here: "_s + probe.output;
        return {};
    }

    bool skipped()
    {
        if (m_skipReason.isEmpty())
            return false;
        qInfo("SKIP: %s", qPrintable(m_skipReason));
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(u"podman"_s).isEmpty()) {
            m_skipReason = u"podman is not installed"_s;
            return;
        }
        QVERIFY(m_storage.isValid());
        const QString conf = m_storage.filePath(u"containers.conf"_s);
        const QString storage = m_storage.filePath(u"storage.conf"_s);
        QVERIFY(writeFile(conf, "[containers]\n"
                                "default_ulimits = [\"nofile=1024:1024\", \"nproc=4096:4096\"]\n"
                                "[engine]\nruntime = \"runc\"\n"));
        QVERIFY(writeFile(storage, u"[storage]\ndriver = \"vfs\"\ngraphroot = \"%1/root\"\n"
                                   u"runroot = \"%1/runroot\"\n"_s.arg(m_storage.path())
                                       .toUtf8()));
        // Inherited by every spacesd this test starts, and by its own podman calls.
        qputenv("CONTAINERS_CONF", QFile::encodeName(conf));
        qputenv("CONTAINERS_STORAGE_CONF", QFile::encodeName(storage));
        m_skipReason = buildImage();
    }

    void cleanup()
    {
        if (m_skipReason.isEmpty())
            podman({u"rm"_s, u"-a"_s, u"-f"_s, u"-t"_s, u"0"_s});
    }

    void cleanupTestCase()
    {
        if (m_skipReason.isEmpty()) {
            podman({u"rm"_s, u"-a"_s, u"-f"_s, u"-t"_s, u"0"_s});
            podman({u"rmi"_s, u"-a"_s, u"-f"_s});
        }
    }

    void runsInsideTheContainerWithItsHome()
    {
        if (skipped())
            QSKIP("podman cannot run here");
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(boxTemplate(u"box"_s, {})).isEmpty());
        const QString id = server.createSpace(u"boxed"_s, u"box"_s, {}, u"sh"_s);
        QVERIFY(!id.isEmpty());
        const ApiReply started = server.api().post(u"/api/spaces/boxed/start"_s);
        QVERIFY2(started.status == 200, describeReply(started).constData());
        QCOMPARE(server.handleOf(id), u"podman:spaces-"_s + id);
        QCOMPARE(server.space(id).value(u"platform"_s).toString(), u"podman"_s);
        // Started by its launcher the moment the handle was committed.
        QTRY_COMPARE_WITH_TIMEOUT(containersOf(id, true), QStringList{u"spaces-"_s + id}, 10000);

        const ApiReply inside =
            run(server.api(), u"boxed"_s,
                u"cat /etc/os-release; id -u; echo $HOME; pwd; echo $GREETING $SPACE_ID;"
                u" echo made-inside > note.txt"_s);
        QVERIFY2(inside.json.value(u"success"_s).toBool(), describeReply(inside).constData());
        QCOMPARE(output(inside), u"NAME=\"spaces-test-busybox\"\n0\n/home/boxed\n/home/boxed\n"
                                 u"hello boxed %1\n"_s.arg(id));
        // The home is the space's folder on this computer.
        QFile note(server.home(id) + u"/note.txt"_s);
        QVERIFY(note.open(QIODevice::ReadOnly));
        QCOMPARE(note.readAll(), QByteArray("made-inside\n"));
        QVERIFY(
            output(run(server.api(), u"boxed"_s, u"busybox | head -1"_s)).startsWith(u"BusyBox"_s));
        // A working directory is one of the container's.
        QCOMPARE(output(run(server.api(), u"boxed"_s, u"pwd"_s, u"/tmp"_s)), u"/tmp\n"_s);
        const ApiReply missing = run(server.api(), u"boxed"_s, u"pwd"_s, u"/nonexistent"_s);
        QVERIFY2(!missing.json.value(u"success"_s).toBool(), describeReply(missing).constData());
        QVERIFY2(describeReply(missing).contains(
                     "working directory '/nonexistent' does not exist in the space"),
                 describeReply(missing).constData());

        // Scripts run inside too.
        const ApiReply script =
            server.api().post(u"/api/spaces/boxed/execute-script"_s,
                              {{u"content"_s, u"#!/bin/sh\ncat /etc/os-release; pwd\n"_s}});
        QCOMPARE(script.status, 200);
        QCOMPARE(script.json.value(u"output"_s).toString(),
                 u"NAME=\"spaces-test-busybox\"\n/home/boxed\n"_s);

        QCOMPARE(server.stopSpace(id), 200);
        QVERIFY(containersOf(id).isEmpty());
        QVERIFY(!server.isDeployed(id));
    }

    void secondUserCannotReachTheServer()
    {
        if (skipped())
            QSKIP("podman cannot run here");
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(boxTemplate(u"box"_s, {})).isEmpty());
        const QString token = addUser(server.process, u"mallory"_s, {}, &error);
        QVERIFY2(!token.isEmpty(), qPrintable(error));
        const ApiCall mallory(server.process.url(), token);
        QCOMPARE(mallory
                     .post(u"/api/spaces"_s,
                           spaceRequest(u"mallorys"_s, u"box"_s, {{u"shell"_s, u"sh"_s}}))
                     .status,
                 201);
        QCOMPARE(mallory.post(u"/api/spaces/mallorys/start"_s).status, 200);
        const QString data = server.process.dataDirectory();
        const QStringList attempts{
            u"cat ../../../server.json ../../server.json ../server.json"_s,
            u"cat '%1/server.json' '%1/spaces.db'"_s.arg(data),
            u"cat /root/.local/share/spaces-desktop/server.json"_s,
        };
        for (const QString &attempt : attempts) {
            const ApiReply reply = run(mallory, u"mallorys"_s, attempt);
            QCOMPARE(reply.status, 200);
            QVERIFY2(!reply.json.value(u"success"_s).toBool(), qPrintable(attempt));
            QVERIFY2(!output(reply).contains(server.process.token()), qPrintable(attempt));
        }
        QCOMPARE(output(run(mallory, u"mallorys"_s, u"ls /home"_s)), u"mallorys\n"_s);

        // The data directory as a working directory is not there inside.
        const ApiReply fromData = run(mallory, u"mallorys"_s, u"cat server.json"_s, data);
        QVERIFY2(!fromData.json.value(u"success"_s).toBool(), describeReply(fromData).constData());
        QVERIFY(!describeReply(fromData).contains(server.process.token().toUtf8()));
        // Nor through a script.
        const ApiReply script = mallory.post(
            u"/api/spaces/mallorys/execute-script"_s,
            {{u"content"_s, u"#!/bin/sh\ncat ../../../server.json '%1/server.json' "
                            u"/root/.local/share/spaces-desktop/server.json\n"_s.arg(data)}});
        QCOMPARE(script.status, 200);
        QVERIFY2(script.json.value(u"exit_code"_s).toInt() != 0, describeReply(script).constData());
        QVERIFY(!describeReply(script).contains(server.process.token().toUtf8()));

        // Another space's home, by its path inside and by its path on this computer.
        const QString otherId = server.createSpace(u"adminbox"_s, u"box"_s, {}, u"sh"_s);
        QVERIFY(!otherId.isEmpty());
        QDir().mkpath(server.home(otherId));
        QVERIFY(writeFile(server.home(otherId) + u"/secret.txt"_s, "admin-secret\n"));
        QCOMPARE(server.startSpace(otherId), 200);
        const ApiReply other =
            run(mallory, u"mallorys"_s,
                u"cat /home/adminbox/secret.txt '%1/secret.txt'"_s.arg(server.home(otherId)));
        QVERIFY2(!other.json.value(u"success"_s).toBool(), describeReply(other).constData());
        QVERIFY(!output(other).contains(u"admin-secret"_s));
        QCOMPARE(output(run(server.api(), u"adminbox"_s, u"cat secret.txt"_s)),
                 u"admin-secret\n"_s);
        QCOMPARE(server.stopSpace(otherId), 200);
        QCOMPARE(mallory.post(u"/api/spaces/mallorys/stop"_s).status, 200);
    }

    void stopEndsWhatClearedItsEnvironment()
    {
        if (skipped())
            QSKIP("podman cannot run here");
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(boxTemplate(u"sleeping"_s, Sleeping)).isEmpty());
        const QString id = server.createSpace(u"escaper"_s, u"sleeping"_s, {}, u"sh"_s);
        QCOMPARE(server.startSpace(id), 200);
        QTRY_COMPARE_WITH_TIMEOUT(sleepers(SleeperDurations), 2, 10000);
        const ApiReply left =
            run(server.api(), u"escaper"_s, u"(env -i setsid sleep 7342 &); env -i echo left"_s);
        QVERIFY2(output(left).contains(u"left"_s), describeReply(left).constData());
        // The command may answer before its background child has exec'd sleep.
        QTRY_COMPARE_WITH_TIMEOUT(sleepers(SleeperDurations), 3, 5000);
        QCOMPARE(server.stopSpace(id), 200);
        QCOMPARE(sleepers(SleeperDurations), 0);
        QVERIFY(containersOf(id).isEmpty());
    }

    void adoptedAfterRestart()
    {
        if (skipped())
            QSKIP("podman cannot run here");
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(boxTemplate(u"sleeping"_s, Sleeping)).isEmpty());
        const QString id = server.createSpace(u"adoptee"_s, u"sleeping"_s, {}, u"sh"_s);
        QCOMPARE(server.startSpace(id), 200);
        QVERIFY(output(run(server.api(), u"adoptee"_s, u"echo kept > /tmp/marker; echo ok"_s))
                    .contains(u"ok"_s));

        server.process.kill();
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(server.isDeployed(id));
        QCOMPARE(server.handleOf(id), u"podman:spaces-"_s + id);
        // The same container: its /tmp still holds what the first server's command left.
        QCOMPARE(output(run(server.api(), u"adoptee"_s, u"cat /tmp/marker"_s)), u"kept\n"_s);
        QCOMPARE(server.stopSpace(id), 200);
        QCOMPARE(sleepers(SleeperDurations), 0);
        QVERIFY(containersOf(id).isEmpty());
    }

    void logsShowTheServicesOutput()
    {
        if (skipped())
            QSKIP("podman cannot run here");
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server
                     .createTemplate(boxTemplate(u"talking"_s,
                                                 u"echo service-said-$((6*7)); exec sleep 7345"_s))
                     .isEmpty());
        const QString id = server.createSpace(u"talker"_s, u"talking"_s, {}, u"sh"_s);
        const QDateTime started = QDateTime::currentDateTimeUtc();
        QCOMPARE(server.startSpace(id), 200);
        QTRY_VERIFY_WITH_TIMEOUT(
            server.api().get(u"/api/spaces/talker/logs"_s).body.contains("service-said-42"), 10000);
        const QDateTime seen = QDateTime::currentDateTimeUtc();
        // The container's own time of the line (podman logs --timestamps), in the log's form.
        const QString stamped =
            QString::fromUtf8(server.api().get(u"/api/spaces/talker/logs?timestamps=true"_s).body);
        static const QRegularExpression line(
            u"(?:^|\n)(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z) service-said-42\n"_s);
        const QRegularExpressionMatch match = line.match(stamped);
        QVERIFY2(match.hasMatch(), qPrintable(stamped));
        const QDateTime at = QDateTime::fromString(match.captured(1), Qt::ISODateWithMs);
        QVERIFY2(at >= started.addMSecs(-1) && at <= seen, qPrintable(stamped));
        const QString plain =
            QString::fromUtf8(server.api().get(u"/api/spaces/talker/logs"_s).body);
        QVERIFY2(plain.contains(u"service-said-42\n"_s) && !line.match(plain).hasMatch(),
                 qPrintable(plain));
        QCOMPARE(podmanRuns("logs", u"spaces-"_s + id), 1);
        QCOMPARE(server.stopSpace(id), 200);
        // The copy ends with the container.
        QTRY_COMPARE_WITH_TIMEOUT(podmanRuns("logs", u"spaces-"_s + id), 0, 5000);
        QCOMPARE(sleepers({u"7345"_s}), 0);
    }

    void servicesThatExitLeaveTheirStatus()
    {
        if (skipped())
            QSKIP("podman cannot run here");
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(boxTemplate(u"failing"_s, u"echo giving up; exit 4"_s))
                     .isEmpty());
        const QString id = server.createSpace(u"quitter"_s, u"failing"_s, {}, u"sh"_s);
        QCOMPARE(server.startSpace(id), 200);
        QTRY_VERIFY_WITH_TIMEOUT(server.space(id).value(u"last_exit"_s).isObject(), 15000);
        const QJsonObject exit = server.space(id).value(u"last_exit"_s).toObject();
        QCOMPARE(exit.value(u"code"_s).toInt(-1), 4);
        QCOMPARE(exit.value(u"reason"_s).toString(), u"exited with status 4"_s);
        QVERIFY(!server.isDeployed(id));
    }

    void deleteRemovesTheContainerNotTheImage()
    {
        if (skipped())
            QSKIP("podman cannot run here");
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(boxTemplate(u"box"_s, {})).isEmpty());
        const QString id = server.createSpace(u"doomed"_s, u"box"_s, {}, u"sh"_s);
        QCOMPARE(server.startSpace(id), 200);
        QCOMPARE(containersOf(id).size(), 1);
        // Stopped first (a deployed space cannot be deleted): the container goes then.
        QCOMPARE(server.stopSpace(id), 200);
        QVERIFY(containersOf(id).isEmpty());
        const ApiReply deleted = server.api().del(u"/api/spaces/doomed"_s);
        QVERIFY2(deleted.status == 200, describeReply(deleted).constData());
        QVERIFY(containersOf(id).isEmpty());
        QCOMPARE(podman({u"image"_s, u"exists"_s, Image}).exitCode, 0);
    }

    void crashDuringStartsLeavesNoOrphanNorDuplicate()
    {
        if (skipped())
            QSKIP("podman cannot run here");
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(boxTemplate(u"sleeping"_s, Sleeping)).isEmpty());
        const QString id = server.createSpace(u"crashy"_s, u"sleeping"_s, {}, u"sh"_s);
        QVERIFY(!id.isEmpty());
        // The 30 starts; each round is a kill -9, a restart and a clean-up (~1 s).
        constexpr int Rounds = 30;
        int adopted = 0;
        for (int round = 0; round < Rounds; ++round) {
            QProcess start;
            start.start(u"curl"_s,
                        {u"-s"_s, u"-m"_s, u"10"_s, u"-X"_s, u"POST"_s, u"-H"_s,
                         u"Authorization: Bearer "_s + server.process.token(),
                         server.process.url().toString() + u"/api/spaces/%1/start"_s.arg(id)});
            QVERIFY(start.waitForStarted());
            QTest::qWait(int(QRandomGenerator::global()->bounded(400)));
            server.process.kill();
            start.waitForFinished(11000);
            QTRY_VERIFY2_WITH_TIMEOUT(server.start(&error), qPrintable(error), 5000);
            // Never two containers of one space; at most one runs.
            QVERIFY(containersOf(id).size() <= 1);
            if (server.isDeployed(id)) {
                ++adopted;
                QCOMPARE(server.stopSpace(id), 200);
            }
            // Whatever was not adopted ends by itself: its launcher removes the container.
            QTRY_VERIFY_WITH_TIMEOUT(containersOf(id).isEmpty(), 15000);
            QTRY_COMPARE_WITH_TIMEOUT(sleepers(SleeperDurations), 0, 15000);
            // Nor does its launcher stay (it copies the log while the container exists).
            QTRY_COMPARE_WITH_TIMEOUT(podmanRuns("logs", u"spaces-"_s + id), 0, 15000);
        }
        qInfo("adopted in %d of %d rounds", adopted, Rounds);
    }

    void terminalIsARealTerminalInTheContainer()
    {
        if (skipped())
            QSKIP("podman cannot run here");
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(boxTemplate(u"box"_s, {})).isEmpty());
        const QString id = server.createSpace(u"termbox"_s, u"box"_s, {}, u"sh"_s);
        QCOMPARE(server.startSpace(id), 200);

        TerminalClient terminal(server.process.url(), server.process.token());
        QVERIFY2(terminal.open(u"termbox"_s, u"sh"_s), qPrintable(terminal.errorString()));
        terminal.type("tty; echo \"$TERM $HOME $(pwd) $GREETING\" $((6*7)); cat /etc/os-release\r");
        QVERIFY2(terminal.waitForOutput("NAME=\"spaces-test-busybox\""),
                 terminal.output().constData());
        // The container's own devpts: the name exists where the shell looks.
        const QRegularExpressionMatch pts = QRegularExpression(u"\r\n(/dev/pts/\\d+)\r\n"_s)
                                                .match(QString::fromUtf8(terminal.output()));
        QVERIFY2(pts.hasMatch(), terminal.output().constData());
        QVERIFY2(terminal.output().contains(
                     "xterm-256color /home/termbox /home/termbox hello termbox 42"),
                 terminal.output().constData());
        QCOMPARE(output(run(server.api(), u"termbox"_s,
                            u"test -c "_s + pts.captured(1) + u" && echo there"_s)),
                 u"there\n"_s);
        // Another terminal at the same time has a terminal of its own.
        {
            TerminalClient second(server.process.url(), server.process.token());
            QVERIFY(second.open(u"termbox"_s, u"sh"_s));
            second.type("tty; echo second-$((20+2))\r");
            QVERIFY2(second.waitForOutput("second-22"), second.output().constData());
            const QRegularExpressionMatch other = QRegularExpression(u"\r\n(/dev/pts/\\d+)\r\n"_s)
                                                      .match(QString::fromUtf8(second.output()));
            QVERIFY2(other.hasMatch(), second.output().constData());
            QVERIFY(other.captured(1) != pts.captured(1));
        }

        terminal.resize(123, 45);
        terminal.type("stty size\r");
        QVERIFY2(terminal.waitForOutput("45 123"), terminal.output().constData());
        terminal.resize(90, 30);
        terminal.type("stty size\r");
        QVERIFY2(terminal.waitForOutput("30 90"), terminal.output().constData());

        // A controlling terminal: Ctrl-C reaches the foreground job only.
        terminal.type("sh -c 'echo $((1000+1)); exec sleep 7343'\r");
        QVERIFY2(terminal.waitForOutput("1001"), terminal.output().constData());
        QCOMPARE(sleepers({u"7343"_s}), 1);
        terminal.type("\x03");
        terminal.clearOutput();
        terminal.type("echo $((40+2))\r");
        QVERIFY2(terminal.waitForOutput("42"), terminal.output().constData());
        QCOMPARE(sleepers({u"7343"_s}), 0);

        terminal.type("echo bye-$((3*3)); exit 3\r");
        QVERIFY(terminal.waitForDisconnected());
        QVERIFY2(terminal.output().contains("bye-9"), terminal.output().constData());
        QCOMPARE(terminal.closeCode(), 1000);
        QCOMPARE(terminal.closeReason(), u"exit 3"_s);
        QTRY_COMPARE_WITH_TIMEOUT(podmanRuns("exec", u"spaces-"_s + id), 0, 5000);

        // One program instead of the shell, and a shell the image does not have: both say what
        // happened and close with their status.
        TerminalClient program(server.process.url(), server.process.token());
        QVERIFY(program.open(
            u"termbox"_s, u"sh"_s,
            u"run=sh&run=-c&run=echo%20one%20program%20in%20$(hostname);%20exit%207"_s));
        QVERIFY(program.waitForDisconnected());
        QVERIFY2(program.output().contains("one program in termbox"), program.output().constData());
        QCOMPARE(program.closeReason(), u"exit 7"_s);
        TerminalClient missing(server.process.url(), server.process.token());
        QVERIFY(missing.open(u"termbox"_s, u"bash"_s));
        QVERIFY(missing.waitForDisconnected());
        QVERIFY2(missing.output().contains("bash"), missing.output().constData());
        QCOMPARE(missing.closeReason(), u"exit 127"_s);
        QCOMPARE(server.stopSpace(id), 200);
    }

    void closingTheTerminalLeavesNoProcess()
    {
        if (skipped())
            QSKIP("podman cannot run here");
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(boxTemplate(u"box"_s, {})).isEmpty());
        const QString id = server.createSpace(u"hangup"_s, u"box"_s, {}, u"sh"_s);
        QCOMPARE(server.startSpace(id), 200);
        const QString container = (u"spaces-"_s + id);
        const QString shells = u"ps -o args | grep -c '^sh -l$'"_s;

        TerminalClient terminal(server.process.url(), server.process.token());
        QVERIFY(terminal.open(u"hangup"_s, u"sh"_s));
        terminal.type("sh -c 'echo $((2000+2)); exec sleep 7344'\r");
        QVERIFY2(terminal.waitForOutput("2002"), terminal.output().constData());
        QCOMPARE(sleepers({u"7344"_s}), 1);
        QCOMPARE(podmanRuns("exec", container), 1);
        QCOMPARE(output(run(server.api(), u"hangup"_s, shells)), u"1\n"_s);

        terminal.close();
        // The hang-up ends the shell and its foreground job inside, and so podman exec here.
        QTRY_COMPARE_WITH_TIMEOUT(sleepers({u"7344"_s}), 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(podmanRuns("exec", container), 0, 10000);
        QCOMPARE(output(run(server.api(), u"hangup"_s, shells)), u"0\n"_s);
        QCOMPARE(server.stopSpace(id), 200);
    }

    void floodInAContainerDoesNotDelayOtherRequests()
    {
        if (skipped())
            QSKIP("podman cannot run here");
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(boxTemplate(u"box"_s, {})).isEmpty());
        const QString id = server.createSpace(u"flooded"_s, u"box"_s, {}, u"sh"_s);
        QCOMPARE(server.startSpace(id), 200);
        TerminalClient terminal(server.process.url(), server.process.token());
        QVERIFY(terminal.open(u"flooded"_s, u"sh"_s));
        terminal.type("yes\r");
        QTRY_VERIFY_WITH_TIMEOUT(terminal.bytesReceived() > 1024 * 1024, 10000);
        qint64 slowest = 0;
        for (int i = 0; i < 20; ++i) {
            QElapsedTimer timer;
            timer.start();
            QCOMPARE(server.api().get(u"/api/ping"_s).status, 200);
            slowest = std::max(slowest, timer.elapsed());
        }
        qInfo() << "slowest /api/ping during a container terminal's flood:" << slowest << "ms";
        QVERIFY2(slowest < 500, qPrintable(u"%1 ms"_s.arg(slowest)));
        terminal.type("\x03");
        terminal.clearOutput();
        terminal.type("echo after-$((5*5))\r");
        QVERIFY2(terminal.waitForOutput("after-25"), terminal.output().right(200).constData());
        QCOMPARE(server.stopSpace(id), 200);
    }

    void noCapabilitiesInside()
    {
        if (skipped())
            QSKIP("podman cannot run here");
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(boxTemplate(u"box"_s, {})).isEmpty());
        const QString id = server.createSpace(u"powerless"_s, u"box"_s, {}, u"sh"_s);
        QCOMPARE(server.startSpace(id), 200);
        // The services (the container's first process) and a command alike.
        const ApiReply reply = run(server.api(), u"powerless"_s,
                                   u"grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb)' /proc/1/status"
                                   u" /proc/self/status"_s);
        const QStringList lines = output(reply).split(u'\n', Qt::SkipEmptyParts);
        QVERIFY2(lines.size() == 10, describeReply(reply).constData());
        for (const QString &line : lines)
            QVERIFY2(line.endsWith(u":\t0000000000000000"_s), qPrintable(line));
        // Without CAP_CHOWN even root inside cannot give a file away.
        const ApiReply chown =
            run(server.api(), u"powerless"_s, u"touch mine && chown 1234 mine"_s);
        QVERIFY2(!chown.json.value(u"success"_s).toBool(), describeReply(chown).constData());
        QCOMPARE(server.stopSpace(id), 200);
    }

    // The Remote environment in a container: the module mounted read-only and first on
    // PYTHONPATH, and SPACES_URL with the space's own token reaching this server from inside
    // (host network). The image has no python3: busybox wget makes the call.
    void remoteEnvironmentReachesTheServerFromInside()
    {
        if (skipped())
            QSKIP("podman cannot run here");
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(!server.createTemplate(boxTemplate(u"box"_s, {})).isEmpty());
        const QString id = server.createSpace(u"remote-box"_s, u"box"_s, {}, u"sh"_s);
        QCOMPARE(server.startSpace(id), 200);
        const ApiReply inside =
            run(server.api(), u"remote-box"_s,
                u"test -f /run/spaces/python/spaces/__init__.py && echo module;"
                u" touch /run/spaces/python/x 2>/dev/null || echo read-only; echo \"$PYTHONPATH\";"
                u" wget -q -O - --header \"Authorization: Bearer $SPACES_TOKEN\""
                u" \"$SPACES_URL/api/users/whoami\"; echo; printf %s \"$SPACES_TOKEN\""_s);
        QVERIFY2(inside.json.value(u"success"_s).toBool(), describeReply(inside).constData());
        const QStringList lines = output(inside).split(u'\n');
        QVERIFY2(lines.size() == 5, describeReply(inside).constData());
        QCOMPARE(lines.at(0), u"module"_s);
        QCOMPARE(lines.at(1), u"read-only"_s);
        QVERIFY2(lines.at(2).startsWith(u"/run/spaces/python"_s), qPrintable(lines.at(2)));
        QVERIFY2(lines.at(3).contains(u"\"username\":\"admin\""_s), qPrintable(lines.at(3)));
        const QString token = lines.at(4);
        QCOMPARE(token.size(), 64);
        QVERIFY(token != server.process.token());
        QCOMPARE(server.stopSpace(id), 200);
        QCOMPARE(server.api().withToken(token).get(u"/api/users/whoami"_s).status, 401);
    }

    void seedFunctionsPassOnAPodmanSpace()
    {
        if (skipped())
            QSKIP("podman cannot run here");
        const QString python = QStandardPaths::findExecutable(u"python3"_s);
        const QString source = qEnvironmentVariable("SPACES_SOURCE_DIR");
        if (python.isEmpty() || source.isEmpty())
            QSKIP("python3 or SPACES_SOURCE_DIR is missing");
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const quint16 local = freeTcpPort();
        const quint16 remote = freeTcpPort();
        QVERIFY(local != 0 && remote != 0 && local != remote);
        QJsonObject box = boxTemplate(
            u"served"_s, u"mkdir -p www && echo served from the box > www/index.html && "
                         u"exec httpd -f -p 127.0.0.1:%1 -h www"_s.arg(remote));
        box.insert(u"custom_fields"_s, QJsonArray{QJsonObject{{u"name"_s, u"api_key"_s},
                                                              {u"description"_s, u"key"_s}}});
        QVERIFY(!server.createTemplate(box).isEmpty());
        const QString id = server.createSpace(u"seedbox"_s, u"served"_s, {}, u"sh"_s);
        QVERIFY(!id.isEmpty());
        const ApiReply script = server.api().post(
            u"/api/scripts"_s, {{u"name"_s, u"report"_s},
                                {u"user_id"_s, u"current"_s},
                                {u"description"_s, u"says where it runs"_s},
                                {u"content"_s, u"#!/bin/sh\necho \"report $1 $2 in $(pwd)\"\n"_s}});
        QVERIFY2(script.status == 200 || script.status == 201, describeReply(script).constData());
        QCOMPARE(server.startSpace(id), 200);

        QProcess seed;
        seed.setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"PYTHONPATH"_s, source + u"/python"_s);
        environment.insert(u"SPACES_URL"_s, server.process.url().toString());
        environment.insert(u"SPACES_TOKEN"_s, server.process.token());
        seed.setProcessEnvironment(environment);
        seed.start(python, {source + u"/tests/server/podman_seed_functions.py"_s,
                            QString::number(local), QString::number(remote)});
        QVERIFY(seed.waitForStarted());
        if (!seed.waitForFinished(60000)) {
            seed.kill();
            seed.waitForFinished();
            QFAIL("the seed functions did not finish within 60 s");
        }
        const QByteArray said = seed.readAll();
        QVERIFY2(seed.exitStatus() == QProcess::NormalExit && seed.exitCode() == 0,
                 said.constData());
        QVERIFY2(said.contains("seed functions passed"), said.constData());
        QCOMPARE(server.stopSpace(id), 200);
        QVERIFY(containersOf(id).isEmpty());
    }

    void withoutPodmanAStartSaysSo()
    {
        TestServer server;
        QString error;
        qputenv("SPACES_PODMAN", "/nonexistent/podman");
        const bool started = server.start(&error);
        qunsetenv("SPACES_PODMAN");
        QVERIFY2(started, qPrintable(error));
        QVERIFY(!server.createTemplate(boxTemplate(u"box"_s, {})).isEmpty());
        const QJsonArray templates =
            server.api().get(u"/api/templates"_s).json.value(u"templates"_s).toArray();
        bool listed = false;
        for (const QJsonValue &entry : templates) {
            const QJsonObject object = entry.toObject();
            if (object.value(u"name"_s).toString() != u"box"_s) {
                QVERIFY(object.value(u"available"_s).toBool());
                continue;
            }
            listed = true;
            QCOMPARE(object.value(u"available"_s).toBool(true), false);
            QCOMPARE(object.value(u"unavailable_reason"_s).toString(),
                     u"Podman is not installed"_s);
        }
        QVERIFY(listed);
        const QString id = server.createSpace(u"nopodman"_s, u"box"_s, {}, u"sh"_s);
        const ApiReply start = server.api().post(u"/api/spaces/nopodman/start"_s);
        QCOMPARE(start.status, 500);
        QVERIFY2(describeReply(start).contains("Podman is not installed"),
                 describeReply(start).constData());
        QVERIFY(!server.isDeployed(id));
    }
};

QTEST_GUILESS_MAIN(PodmanIntegrationTest)
#include "tst_podman_integration.moc"
