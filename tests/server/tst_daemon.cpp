// spacesd as a server program: first start, one server per data directory, the token across
// restarts, and spaces outliving the server. (The subcommands: tst_admin_commands.)
#include "ApiCall.h"
#include "ServerInfo.h"
#include "ServerTestHelpers.h"
#include "SpacesdProcess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QTest>
#include <csignal>
#include <sys/stat.h>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

// True while the process group has a member that is not a zombie.
bool groupAlive(qint64 pgid)
{
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool isPid = false;
        entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile stat(u"/proc/"_s + entry + u"/stat"_s);
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // pid (comm) state ppid pgrp ...; comm may hold blanks and parentheses.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 2 && fields[2].toLongLong() == pgid && fields[0] != "Z" &&
            fields[0] != "X")
            return true;
    }
    return false;
}

int fileMode(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

ServerInfo readServerInfo(const QString &dataDirectory)
{
    ServerInfo info;
    QString ignored;
    if (!ServerInfo::read(ServerInfo::fileIn(dataDirectory), &info, &ignored))
        return {};
    return info;
}

class ForegroundSpacesd final
{
public:
    ForegroundSpacesd() = default;
    ~ForegroundSpacesd() { stop(); }
    ForegroundSpacesd(const ForegroundSpacesd &) = delete;
    ForegroundSpacesd &operator=(const ForegroundSpacesd &) = delete;

    bool launch(const QString &spacesd, const QString &dataDirectory)
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(spacesd, {u"--data-dir"_s, dataDirectory, u"--listen"_s, u"127.0.0.1:0"_s,
                                  u"--stop-grace-ms"_s, u"1000"_s});
        return m_process.waitForStarted(5000);
    }
    qint64 pid() const { return m_process.processId(); }
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    // SIGTERM; the exit code, or -1 for a crash or a hang (then killed).
    int stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
        ::kill(pid_t(m_process.processId()), SIGTERM);
        if (!m_process.waitForFinished(15000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
            return -1;
        }
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

private:
    QProcess m_process;
};

} // namespace

class DaemonTest final : public QObject
{
    Q_OBJECT

private:
    // Creates and starts a `service` space (heartbeat every second); returns its process group.
    static qint64 startService(const SpacesdProcess &server, const ApiCall &api,
                               const QString &name)
    {
        const QJsonObject fields{
            {u"custom_fields"_s,
             QJsonArray{QJsonObject{{u"name"_s, u"interval"_s}, {u"value"_s, u"1"_s}}}}};
        if (api.post(u"/api/spaces"_s, spaceRequest(name, u"service"_s, fields)).status != 201)
            return 0;
        if (api.post(u"/api/spaces/"_s + name + u"/start"_s).status != 200)
            return 0;
        const QList<qint64> groups = server.recordedProcessGroups();
        return groups.size() == 1 ? groups.first() : 0;
    }

private Q_SLOTS:
    void firstStart()
    {
        SpacesdProcess server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const QString infoFile = ServerInfo::fileIn(server.dataDirectory());
        QCOMPARE(fileMode(infoFile), 0600);
        QCOMPARE(fileMode(server.dataDirectory()), 0700);
        const ServerInfo info = readServerInfo(server.dataDirectory());
        QVERIFY(!info.token.isEmpty());
        QCOMPARE(info.url.scheme(), u"http"_s);
        QCOMPARE(info.url.host(), u"127.0.0.1"_s);
        QVERIFY(info.url.port() > 0);
        // The token in the file is the admin's and works.
        const ApiReply whoami = ApiCall(info.url, info.token).get(u"/api/users/whoami"_s);
        SPACES_COMPARE_STATUS(whoami, 200);
        QCOMPARE(whoami.json.value(u"username"_s).toString(), u"admin"_s);
        QCOMPARE(whoami.json.value(u"permissions"_s).toObject(),
                 (QJsonObject{{u"use_spaces"_s, true}, {u"manage_spaces"_s, true}}));
        QCOMPARE(server.terminate(), 0);
        // The file stays for the next start to reuse the token.
        QVERIFY(QFile::exists(infoFile));
    }

    void oneServerPerDataDirectory()
    {
        SpacesdProcess server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const ServerInfo first = readServerInfo(server.dataDirectory());
        for (const QStringList &arguments :
             {QStringList{u"--listen"_s, u"127.0.0.1:0"_s},
              QStringList{u"serve"_s, u"--listen"_s, u"127.0.0.1:0"_s}}) {
            QByteArray out;
            QByteArray err;
            QCOMPARE(server.runAdminCommand(arguments, &out, &err), 1);
            QCOMPARE(
                QString::fromUtf8(err),
                u"spacesd: another spacesd (pid %1) is already serving %2\n"_s.arg(first.pid).arg(
                    server.dataDirectory()));
            QCOMPARE(out, QByteArray());
        }
        // The first one is undisturbed: same server.json, still answering.
        const ServerInfo after = readServerInfo(server.dataDirectory());
        QCOMPARE(after.pid, first.pid);
        QCOMPARE(after.token, first.token);
        QCOMPARE(after.url, first.url);
        SPACES_COMPARE_STATUS(ApiCall(server.url(), server.token()).get(u"/api/ping"_s), 200);
        QCOMPARE(server.terminate(), 0);
    }

    void portInUse()
    {
        SpacesdProcess first;
        QString error;
        QVERIFY2(first.start(&error), qPrintable(error));
        const QString address = u"127.0.0.1:%1"_s.arg(first.url().port());
        SpacesdProcess second; // another data directory, the same port
        QByteArray out;
        QByteArray err;
        QCOMPARE(second.runAdminCommand({u"--listen"_s, address}, &out, &err), 1);
        // Qt may log a line of its own before ours.
        const QString expected =
            u"spacesd: cannot listen on %1: the port may be in use\n"_s.arg(address);
        QVERIFY2(QString::fromUtf8(err).endsWith(expected), err.constData());
        QVERIFY(!QFile::exists(ServerInfo::fileIn(second.dataDirectory())));
        SPACES_COMPARE_STATUS(ApiCall(first.url(), first.token()).get(u"/api/ping"_s), 200);
        QCOMPARE(first.terminate(), 0);
    }

    void restartReusesTheToken()
    {
        SpacesdProcess server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const QString token = server.token();
        QVERIFY(!createdSpace(ApiCall(server.url(), token), u"kept"_s).isEmpty());
        QCOMPARE(server.terminate(), 0);

        {
            ForegroundSpacesd again;
            QVERIFY(again.launch(server.spacesdPath(), server.dataDirectory()));
            QTRY_COMPARE_WITH_TIMEOUT(readServerInfo(server.dataDirectory()).pid, again.pid(),
                                      15000);
            const ServerInfo info = readServerInfo(server.dataDirectory());
            QCOMPARE(info.token, token);
            const ApiCall api(info.url, token);
            SPACES_COMPARE_STATUS(api.get(u"/api/ping"_s), 200);
            SPACES_COMPARE_STATUS(api.get(u"/api/spaces/kept"_s), 200);
            QCOMPARE(again.stop(), 0);
        }

        // After a crash too: the lock of a dead server is taken over, the token kept.
        {
            ForegroundSpacesd crashing;
            QVERIFY(crashing.launch(server.spacesdPath(), server.dataDirectory()));
            QTRY_COMPARE_WITH_TIMEOUT(readServerInfo(server.dataDirectory()).pid, crashing.pid(),
                                      15000);
            ::kill(pid_t(crashing.pid()), SIGKILL);
            QCOMPARE(crashing.stop(), -1);
        }
        ForegroundSpacesd revived;
        QVERIFY(revived.launch(server.spacesdPath(), server.dataDirectory()));
        QTRY_COMPARE_WITH_TIMEOUT(readServerInfo(server.dataDirectory()).pid, revived.pid(), 15000);
        const ServerInfo info = readServerInfo(server.dataDirectory());
        QCOMPARE(info.token, token);
        SPACES_COMPARE_STATUS(ApiCall(info.url, token).get(u"/api/spaces/kept"_s), 200);
        QCOMPARE(revived.stop(), 0);
    }

    void spacesOutliveTheServerAndAreAdopted()
    {
        SpacesdProcess server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const qint64 group =
            startService(server, ApiCall(server.url(), server.token()), u"survivor"_s);
        QVERIFY(group > 1);
        QVERIFY(groupAlive(group));
        const QString log = QDir(server.dataDirectory())
                                .filePath(u"spaces/"_s +
                                          ApiCall(server.url(), server.token())
                                              .get(u"/api/spaces/survivor"_s)
                                              .json.value(u"space_id"_s)
                                              .toString() +
                                          u"/space.log"_s);

        QCOMPARE(server.terminate(), 0);
        QVERIFY(!server.isRunning());
        QVERIFY(groupAlive(group));
        // Still working while no server runs: the heartbeat log keeps growing.
        const qint64 logSize = QFileInfo(log).size();
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(log).size() > logSize, 10000);

        QVERIFY2(server.start(&error), qPrintable(error));
        const ApiCall api(server.url(), server.token());
        const ApiReply adopted = api.get(u"/api/spaces/survivor"_s);
        SPACES_COMPARE_STATUS(adopted, 200);
        QCOMPARE(adopted.json.value(u"is_deployed"_s), QJsonValue(true));
        QCOMPARE(adopted.json.value(u"is_pending"_s), QJsonValue(false));
        QCOMPARE(server.recordedProcessGroups(), QList<qint64>{group});
        SPACES_COMPARE_ERROR(api.post(u"/api/spaces/survivor/start"_s), 423,
                             u"space cannot be started"_s);
        // The adopted space is managed as before: it stops, and its processes with it.
        SPACES_COMPARE_STATUS(api.post(u"/api/spaces/survivor/stop"_s), 200);
        QVERIFY(!groupAlive(group));
        QCOMPARE(api.get(u"/api/spaces/survivor"_s).json.value(u"is_deployed"_s),
                 QJsonValue(false));
        QCOMPARE(server.terminate(), 0);
    }

    void spacesThatDiedWhileDownAreMarkedStopped()
    {
        SpacesdProcess server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const qint64 group =
            startService(server, ApiCall(server.url(), server.token()), u"casualty"_s);
        QVERIFY(group > 1);
        QCOMPARE(server.terminate(), 0);
        QVERIFY(groupAlive(group));
        QCOMPARE(::kill(pid_t(-group), SIGKILL), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!groupAlive(group), 10000);

        QVERIFY2(server.start(&error), qPrintable(error));
        const ApiCall api(server.url(), server.token());
        const ApiReply space = api.get(u"/api/spaces/casualty"_s);
        SPACES_COMPARE_STATUS(space, 200);
        QCOMPARE(space.json.value(u"is_deployed"_s), QJsonValue(false));
        QCOMPARE(space.json.value(u"is_pending"_s), QJsonValue(false));
        QCOMPARE(server.recordedProcessGroups(), QList<qint64>());
        SPACES_COMPARE_ERROR(api.post(u"/api/spaces/casualty/stop"_s), 423,
                             u"space cannot be stopped"_s);
        // And it can start again, with a new group.
        SPACES_COMPARE_STATUS(api.post(u"/api/spaces/casualty/start"_s), 200);
        const QList<qint64> groups = server.recordedProcessGroups();
        QCOMPARE(groups.size(), 1);
        QVERIFY(groupAlive(groups.first()));
        SPACES_COMPARE_STATUS(api.post(u"/api/spaces/casualty/stop"_s), 200);
        QCOMPARE(server.terminate(), 0);
    }

private:
    static QString createdSpace(const ApiCall &api, const QString &name)
    {
        const ApiReply reply = api.post(u"/api/spaces"_s, spaceRequest(name));
        return reply.status == 201 ? reply.json.value(u"space_id"_s).toString() : QString();
    }
};

QTEST_GUILESS_MAIN(DaemonTest)
#include "tst_daemon.moc"
