// The Remote environment against a real spacesd and real sandboxes: a Python script stored
// with POST /api/scripts and run with execute-script inside one space imports `spaces`
// (mounted read-only from this source tree) and drives another space with the space's own
// token; that token acts for the space's owner only, and stops working when the space stops
// or its services end on their own.
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <csignal>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

// Lists the caller's spaces, starts the one named by $1, says whether it runs.
const QString StartOther = u"#!/usr/bin/env python3\n"
                           "import sys, spaces\n"
                           "names = sorted(s['name'] for s in spaces.list())\n"
                           "print('spaces: ' + ','.join(names))\n"
                           "spaces.start(sys.argv[1])\n"
                           "print(f'running: {spaces.is_running(sys.argv[1])}')\n"_s;

// What a process inside sees: the connection, the module's place, whether it can be changed.
const QString ShowEnvironment = u"#!/usr/bin/env python3\n"
                                "import os, spaces\n"
                                "print('token=' + os.environ.get('SPACES_TOKEN', ''))\n"
                                "print('url=' + os.environ.get('SPACES_URL', ''))\n"
                                "print('module=' + spaces.__file__)\n"
                                "try:\n"
                                "    open(spaces.__file__, 'a').close()\n"
                                "    print('module writable')\n"
                                "except OSError:\n"
                                "    print('module read-only')\n"_s;

// Tries to see and start a space of someone else's, by id.
const QString ReachOthers = u"#!/usr/bin/env python3\n"
                            "import sys, spaces\n"
                            "print('sees: ' + ','.join(s['name'] for s in spaces.list()))\n"
                            "try:\n"
                            "    spaces.start(sys.argv[1])\n"
                            "    print('started it')\n"
                            "except Exception as e:\n"
                            "    print(f'refused: {e}')\n"_s;

// Services that leave their token in the home folder, then wait.
QJsonObject tokenTemplate(const QString &name)
{
    return {{u"name"_s, name},
            {u"startup_command"_s,
             u"printf %s \"$SPACES_TOKEN\" > token.tmp && mv token.tmp token; exec sleep 1000"_s}};
}

QString readToken(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// Rows of space_tokens for one space, straight from the database.
int storedTokens(const QString &dataDirectory, const QString &spaceId)
{
    int count = -1;
    const QString connection = u"tokens-"_s + spaceId;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(dataDirectory + u"/spaces.db"_s);
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(u"SELECT COUNT(*) FROM space_tokens WHERE space_id = ?"_s);
            query.addBindValue(spaceId);
            if (query.exec() && query.next())
                count = query.value(0).toInt();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return count;
}

QString valueAfter(const QString &output, const QString &prefix)
{
    for (const QString &line : output.split(u'\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size());
    }
    return {};
}

} // namespace

class RemoteEnvironmentTest final : public QObject
{
    Q_OBJECT

private:
    ApiReply execute(const ApiCall &api, const QString &space, const QString &script,
                     const QStringList &arguments = {}) const
    {
        return api.post(
            u"/api/spaces/%1/execute-script"_s.arg(space),
            {{u"script_name"_s, script}, {u"arguments"_s, QJsonArray::fromStringList(arguments)}});
    }
    void storeScript(const ApiCall &api, const QString &name, const QString &content) const
    {
        const ApiReply stored =
            api.post(u"/api/scripts"_s,
                     {{u"name"_s, name}, {u"user_id"_s, u"current"_s}, {u"content"_s, content}});
        QVERIFY2(stored.status == 201, describeReply(stored));
    }
    int whoamiStatus(const QString &token, QString *username = nullptr) const
    {
        const ApiReply reply = m_server->api().withToken(token).get(u"/api/users/whoami"_s);
        if (username)
            *username = reply.json.value(u"username"_s).toString();
        return reply.status;
    }

    std::unique_ptr<TestServer> m_server;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        QString problem;
        QVERIFY2(m_server->start(&problem), qPrintable(problem));
        storeScript(m_server->api(), u"start-other"_s, StartOther);
        storeScript(m_server->api(), u"show-environment"_s, ShowEnvironment);
    }

    void cleanupTestCase() { m_server.reset(); }

    // The proof: a stored Python script in space A lists the spaces and starts B.
    void scriptInOneSpaceStartsAnother()
    {
        const QString a = m_server->createSpace(u"remote-a"_s, u"blank"_s);
        const QString b = m_server->createSpace(u"remote-b"_s, u"blank"_s);
        QVERIFY(!a.isEmpty() && !b.isEmpty());
        QCOMPARE(m_server->startSpace(a), 200);
        QVERIFY(!m_server->isDeployed(b));

        const ApiReply ran = execute(m_server->api(), a, u"start-other"_s, {u"remote-b"_s});
        QVERIFY2(ran.status == 200, describeReply(ran));
        const QString output = ran.json.value(u"output"_s).toString();
        QVERIFY2(ran.json.value(u"exit_code"_s).toInt() == 0, qPrintable(output));
        QVERIFY2(output.contains(u"spaces: remote-a,remote-b"_s), qPrintable(output));
        QVERIFY2(output.contains(u"running: True"_s), qPrintable(output));
        QVERIFY(m_server->isDeployed(b));

        QCOMPARE(m_server->stopSpace(b), 200);
        QCOMPARE(m_server->stopSpace(a), 200);
    }

    // The token acts for the owner while the space runs, is not the admin's, and is refused
    // once the space stopped; the module is the read-only mount, not a copy.
    void tokenLivesAsLongAsTheSpace()
    {
        const QString a = m_server->createSpace(u"remote-token"_s, u"blank"_s);
        QVERIFY(!a.isEmpty());
        QCOMPARE(m_server->startSpace(a), 200);
        const ApiReply ran = execute(m_server->api(), a, u"show-environment"_s);
        QVERIFY2(ran.status == 200, describeReply(ran));
        const QString output = ran.json.value(u"output"_s).toString();
        QVERIFY2(ran.json.value(u"exit_code"_s).toInt() == 0, qPrintable(output));
        const QString token = valueAfter(output, u"token="_s);
        QVERIFY2(token.size() == 64, qPrintable(output));
        QVERIFY(token != m_server->process.token());
        QCOMPARE(valueAfter(output, u"url="_s), m_server->process.url().toString());
        QCOMPARE(valueAfter(output, u"module="_s), u"/run/spaces/python/spaces/__init__.py"_s);
        QVERIFY2(output.contains(u"module read-only"_s), qPrintable(output));

        QString username;
        QCOMPARE(whoamiStatus(token, &username), 200);
        QCOMPARE(username, u"admin"_s);
        QCOMPARE(m_server->stopSpace(a), 200);
        const ApiReply refused = m_server->api().withToken(token).get(u"/api/spaces"_s);
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.error(), u"Authentication token is not valid"_s);

        // A new start is a new token; the old one stays dead.
        QCOMPARE(m_server->startSpace(a), 200);
        const ApiReply again = execute(m_server->api(), a, u"show-environment"_s);
        const QString second = valueAfter(again.json.value(u"output"_s).toString(), u"token="_s);
        QVERIFY(!second.isEmpty() && second != token);
        QCOMPARE(whoamiStatus(second), 200);
        QCOMPARE(whoamiStatus(token), 401);
        QCOMPARE(m_server->stopSpace(a), 200);
        QCOMPARE(whoamiStatus(second), 401);
    }

    // The services' environment has it too, and their ending on their own revokes it.
    void servicesEndingRevokeTheToken()
    {
        const QString templateId = m_server->createTemplate(
            {{u"name"_s, u"remote-service"_s},
             {u"startup_command"_s,
              u"printf %s \"$SPACES_TOKEN\" > token.tmp && mv token.tmp token; "
              "while [ ! -e end ]; do sleep 0.1; done"_s}});
        QVERIFY(!templateId.isEmpty());
        const QString id = m_server->createSpace(u"remote-service"_s, templateId);
        QVERIFY(!id.isEmpty());
        QCOMPARE(m_server->startSpace(id), 200);
        const QString tokenFile = m_server->home(id) + u"/token"_s;
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(tokenFile), 10000);
        QFile file(tokenFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString token = QString::fromUtf8(file.readAll());
        QCOMPARE(token.size(), 64);
        QCOMPARE(whoamiStatus(token), 200);

        QFile end(m_server->home(id) + u"/end"_s);
        QVERIFY(end.open(QIODevice::WriteOnly));
        end.close();
        QTRY_VERIFY_WITH_TIMEOUT(!m_server->isDeployed(id), 10000);
        QCOMPARE(whoamiStatus(token), 401);
    }

    // A UseSpaces user's space token is that user: their spaces only, never the admin's.
    void userTokenStaysWithinTheUser()
    {
        const QString adminSpace = m_server->createSpace(u"remote-admins"_s, u"blank"_s);
        QVERIFY(!adminSpace.isEmpty());
        QString problem;
        const QString userToken = addUser(m_server->process, u"remote-user"_s, {}, &problem);
        QVERIFY2(!userToken.isEmpty(), qPrintable(problem));
        const ApiCall user = m_server->api().withToken(userToken);
        storeScript(user, u"reach-others"_s, ReachOthers);
        const ApiReply created = user.post(u"/api/spaces"_s, spaceRequest(u"remote-mine"_s));
        QVERIFY2(created.status == 201, describeReply(created));
        const QString mine = created.json.value(u"space_id"_s).toString();
        QCOMPARE(user.post(u"/api/spaces/%1/start"_s.arg(mine)).status, 200);

        const ApiReply ran = execute(user, mine, u"reach-others"_s, {adminSpace});
        QVERIFY2(ran.status == 200, describeReply(ran));
        const QString output = ran.json.value(u"output"_s).toString();
        QVERIFY2(output.contains(u"sees: remote-mine\n"_s), qPrintable(output));
        QVERIFY2(output.contains(u"refused: No permission to manage spaces of other users"_s),
                 qPrintable(output));
        QVERIFY(!m_server->isDeployed(adminSpace));

        QCOMPARE(user.post(u"/api/spaces/%1/stop"_s.arg(mine)).status, 200);
    }

    // A manual space is not isolated: the module's own folder is on its PYTHONPATH.
    void manualSpaceImportsTheModuleInPlace()
    {
        const QString templateId = m_server->createTemplate(
            {{u"name"_s, u"remote-manual"_s}, {u"platform"_s, u"manual"_s}});
        QVERIFY(!templateId.isEmpty());
        const QString id = m_server->createSpace(u"remote-manual"_s, templateId);
        QVERIFY(!id.isEmpty());
        QCOMPARE(m_server->startSpace(id), 200);
        const ApiReply ran = execute(m_server->api(), id, u"show-environment"_s);
        const QString output = ran.json.value(u"output"_s).toString();
        QVERIFY2(ran.json.value(u"exit_code"_s).toInt() == 0, describeReply(ran));
        const QString expected =
            QFileInfo(qEnvironmentVariable("SPACES_SOURCE_DIR") + u"/python/spaces/__init__.py"_s)
                .canonicalFilePath();
        QCOMPARE(QFileInfo(valueAfter(output, u"module="_s)).canonicalFilePath(), expected);
        const QString token = valueAfter(output, u"token="_s);
        QCOMPARE(whoamiStatus(token), 200);
        QCOMPARE(m_server->stopSpace(id), 200);
        QCOMPARE(whoamiStatus(token), 401);
    }

    // A crash of spacesd: a space that survived keeps its services' token and gets a new one
    // for what starts later; the token of a space whose processes died with it is revoked.
    void crashKeepsTokensHonest()
    {
        TestServer server;
        QString problem;
        QVERIFY2(server.start(&problem), qPrintable(problem));
        QVERIFY(!server.createTemplate(tokenTemplate(u"remote-crash"_s)).isEmpty());
        const QString kept = server.createSpace(u"remote-kept"_s, u"remote-crash"_s);
        const QString lost = server.createSpace(u"remote-lost"_s, u"remote-crash"_s);
        QVERIFY(!kept.isEmpty() && !lost.isEmpty());
        QCOMPARE(server.startSpace(kept), 200);
        QCOMPARE(server.startSpace(lost), 200);
        KillGuard guard;
        guard.addGroup(server.processGroupOf(kept));
        guard.addGroup(server.processGroupOf(lost));
        QTRY_VERIFY_WITH_TIMEOUT(!readToken(server.home(kept) + u"/token"_s).isEmpty(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!readToken(server.home(lost) + u"/token"_s).isEmpty(), 10000);
        const QString keptToken = readToken(server.home(kept) + u"/token"_s);
        const QString lostToken = readToken(server.home(lost) + u"/token"_s);
        // Built anew for each call: the restarted server may listen on another port.
        const auto whoami = [&server](const QString &token) {
            return server.api().withToken(token).get(u"/api/users/whoami"_s).status;
        };
        QCOMPARE(whoami(keptToken), 200);

        server.process.kill();
        // "sandbox:<init pid>:<start>/...": the init's end takes the whole sandbox along.
        const QString handle = server.handleOf(lost);
        const qint64 init = handle.section(u':', 1, 1).section(u'/', 0, 0).toLongLong();
        QVERIFY2(init > 1 && isProcessAlive(init), qPrintable(handle));
        ::kill(pid_t(init), SIGKILL);
        QTRY_VERIFY_WITH_TIMEOUT(!isProcessAlive(init), 10000);
        QVERIFY2(server.start(&problem), qPrintable(problem));

        QVERIFY(server.isDeployed(kept));
        QVERIFY(!server.isDeployed(lost));
        QCOMPARE(storedTokens(server.process.dataDirectory(), lost), 0);
        QCOMPARE(whoami(lostToken), 401);
        QCOMPARE(whoami(keptToken), 200);
        const ApiReply ran = server.api().post(u"/api/spaces/%1/run-command"_s.arg(kept),
                                               {{u"command"_s, u"printf %s \"$SPACES_TOKEN\""_s}});
        const QString newToken = ran.json.value(u"output"_s).toString();
        QVERIFY2(newToken.size() == 64 && newToken != keptToken, describeReply(ran));
        QCOMPARE(whoami(newToken), 200);

        QCOMPARE(server.stopSpace(kept), 200);
        QCOMPARE(whoami(keptToken), 401);
        QCOMPARE(whoami(newToken), 401);
        QCOMPARE(storedTokens(server.process.dataDirectory(), kept), 0);
    }
};

QTEST_GUILESS_MAIN(RemoteEnvironmentTest)
#include "tst_remote_environment.moc"
