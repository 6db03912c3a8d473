// SpacesClient against a fake Knot server: the request of every method (method, path,
// headers, body), the parsed results, name -> id resolution for /space-io, Knot's quirks,
// and every way a call can fail (HTTP statuses, timeouts, cut-off answers, refused
// connections), each delivered once, or not at all when the context is gone.
#include "CallbackProbe.h"
#include "FakeKnotServer.h"
#include "FreePort.h"
#include "KnotPayloads.h"
#include "SpacesClient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTest>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Kind = ApiError::Kind;

Q_DECLARE_METATYPE(spaces::ApiError::Kind)

class SpacesClientTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeKnotServer> m_server;
    std::unique_ptr<SpacesClient> m_client;
    std::unique_ptr<QObject> m_context;

    void makeClient(std::chrono::milliseconds timeout = 10s, const QUrl &url = {})
    {
        m_client.reset();
        ConnectionSettings settings;
        settings.baseUrl = url.isEmpty() ? m_server->url() : url;
        settings.token = u"tok-123"_s;
        settings.requestTimeout = timeout;
        m_client = std::make_unique<SpacesClient>(settings);
    }
    QObject *context() const { return m_context.get(); }
    // A script name is looked up among the listed scripts first; none listed: sent as a name.
    void serveNoScripts()
    {
        m_server->on("GET", "/api/scripts",
                     FakeResponse::json({{u"count"_s, 0}, {u"scripts"_s, QJsonArray{}}}));
    }
    void serveWhoami()
    {
        m_server->on("GET", "/api/users/whoami", FakeResponse::json(knot::user()));
    }

    // The one request recorded for `method path` (fails the test when there is not exactly one).
    static bool single(const FakeKnotServer &server, const QByteArray &method,
                       const QByteArray &path, RecordedRequest *out)
    {
        const QList<RecordedRequest> found = server.requests(method, path);
        if (found.size() != 1)
            return false;
        *out = found.first();
        return true;
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<FakeKnotServer>();
        QVERIFY(m_server->listen());
        m_context = std::make_unique<QObject>();
        makeClient();
    }

    void cleanup()
    {
        m_client.reset();
        m_context.reset();
        m_server.reset();
    }

    // ---- the requests and their results -------------------------------------------------

    void everyRequestCarriesTokenAndVersion()
    {
        serveWhoami();
        CallbackProbe<User> probe;
        m_client->whoami(context(), probe.callback());
        SPACES_WAIT_OK(probe);
        RecordedRequest request;
        QVERIFY(single(*m_server, "GET", "/api/users/whoami", &request));
        QCOMPARE(request.header("Authorization"), QByteArray("Bearer tok-123"));
        QCOMPARE(request.header("X-Knot-Api-Version"), QByteArray("2025-03-10"));
        QCOMPARE(request.header("Accept"), QByteArray("application/json"));
        QVERIFY(!request.hasHeader("Content-Type"));
        QCOMPARE(probe.value().id, knot::UserId);
        QCOMPARE(probe.value().username, u"ada"_s);
        QCOMPARE(probe.value().preferredShell, u"zsh"_s);
    }

    void whoamiIsCachedAndShared()
    {
        serveWhoami();
        m_server->on("GET", "/api/spaces",
                     FakeResponse::json({{u"count"_s, 0}, {u"spaces"_s, QJsonArray{}}}));
        // Two calls that need the user at once: one whoami request.
        CallbackProbe<SpaceList> first;
        CallbackProbe<SpaceList> second;
        m_client->listSpaces(context(), first.callback());
        m_client->listSpaces(context(), second.callback());
        SPACES_WAIT_OK(first);
        SPACES_WAIT_OK(second);
        CallbackProbe<User> me;
        m_client->whoami(context(), me.callback());
        SPACES_WAIT_OK(me);
        QCOMPARE(me.value().id, knot::UserId);
        QCOMPARE(m_server->count("GET", "/api/users/whoami"), 1);
        QCOMPARE(m_server->count("GET", "/api/spaces"), 2);
    }

    void whoamiWithoutUserIdIsBadResponse()
    {
        m_server->on("GET", "/api/users/whoami", FakeResponse::json({{u"username"_s, u"ada"_s}}));
        CallbackProbe<SpaceList> probe;
        m_client->listSpaces(context(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::BadResponse);
        QCOMPARE(probe.error().status, 200);
        QVERIFY(probe.error().message.contains(u"user_id"_s));
        QCOMPARE(m_server->count("GET", "/api/spaces"), 0);
    }

    void ping()
    {
        m_server->on(
            "GET", "/api/ping",
            FakeResponse::json(
                {{u"status"_s, true}, {u"version"_s, u"1.2.3"_s}, {u"zone"_s, u"eu-1"_s}}));
        CallbackProbe<QString> probe;
        m_client->ping(context(), probe.callback());
        SPACES_WAIT_OK(probe);
        QCOMPARE(probe.value(), u"1.2.3"_s);
    }

    void listSpacesForTheCaller()
    {
        serveWhoami();
        m_server->on(
            "GET", "/api/spaces",
            FakeResponse::json(
                {{u"count"_s, 2},
                 {u"spaces"_s, QJsonArray{knot::spaceInfo(),
                                          knot::minimalSpace(knot::OtherSpaceId, u"db"_s)}}}));
        CallbackProbe<SpaceList> probe;
        m_client->listSpaces(context(), probe.callback());
        SPACES_WAIT_OK(probe);
        RecordedRequest request;
        QVERIFY(single(*m_server, "GET", "/api/spaces", &request));
        QCOMPARE(request.query.queryItemValue(u"user_id"_s), knot::UserId);
        QCOMPARE(request.header("Authorization"), QByteArray("Bearer tok-123"));
        // whoami came first.
        QCOMPARE(m_server->requests().first().path, QByteArray("/api/users/whoami"));

        const SpaceList spaces = probe.value();
        QCOMPARE(spaces.size(), 2);
        const Space &web = spaces.at(0);
        QCOMPARE(web.id, knot::SpaceId);
        QCOMPARE(web.name, u"web-1"_s);
        QCOMPARE(web.description, u"Web front end"_s);
        QCOMPARE(web.templateId, knot::TemplateId);
        QCOMPARE(web.templateName, u"docker-web"_s);
        QCOMPARE(web.zone, u"eu-1"_s);
        QCOMPARE(web.userId, knot::UserId);
        QCOMPARE(web.state(), Space::State::Running);
        QCOMPARE(web.startedAt, QDateTime(QDate(2025, 3, 10), QTime(9, 30), Qt::UTC));
        QCOMPARE(web.fieldValue(u"port"_s), u"8080"_s);
        // Missing optional fields read as their defaults.
        const Space &db = spaces.at(1);
        QCOMPARE(db.id, knot::OtherSpaceId);
        QCOMPARE(db.name, u"db"_s);
        QCOMPARE(db.state(), Space::State::Stopped);
        QVERIFY(db.description.isEmpty());
        QVERIFY(!db.startedAt.isValid());
    }

    void listSpacesNullIsEmpty()
    {
        // Go marshals an empty slice as null.
        serveWhoami();
        m_server->on("GET", "/api/spaces",
                     FakeResponse::raw(200, R"({"count":0,"spaces":null})", "application/json"));
        CallbackProbe<SpaceList> probe;
        m_client->listSpaces(context(), probe.callback());
        SPACES_WAIT_OK(probe);
        QVERIFY(probe.value().isEmpty());
    }

    void getSpacePendingThenDeployed()
    {
        m_server->once("GET", "/api/spaces/web-1",
                       FakeResponse::json(knot::spaceInfo(knot::SpaceId, u"web-1"_s, false, true)));
        m_server->on("GET", "/api/spaces/web-1",
                     FakeResponse::json(knot::spaceInfo(knot::SpaceId, u"web-1"_s, true, false)));
        CallbackProbe<Space> pending;
        m_client->getSpace(u"web-1"_s, context(), pending.callback());
        SPACES_WAIT_OK(pending);
        QCOMPARE(pending.value().state(), Space::State::Pending);
        QVERIFY(pending.value().isPending);
        CallbackProbe<Space> deployed;
        m_client->getSpace(u"web-1"_s, context(), deployed.callback());
        SPACES_WAIT_OK(deployed);
        QCOMPARE(deployed.value().state(), Space::State::Running);
        QCOMPARE(deployed.value().id, knot::SpaceId);
        QCOMPARE(m_server->count("GET", "/api/spaces/web-1"), 2);
    }

    void namesArePercentEncoded()
    {
        m_server->on("GET", "/api/spaces/my%20space%2Fx", FakeResponse::json(knot::spaceInfo()));
        CallbackProbe<Space> probe;
        m_client->getSpace(u"my space/x"_s, context(), probe.callback());
        SPACES_WAIT_OK(probe);
    }

    void baseUrlWithPathPrefix()
    {
        QUrl base = m_server->url();
        base.setPath(u"/knot/"_s);
        makeClient(10s, base);
        m_server->on("GET", "/knot/api/ping", FakeResponse::json({{u"version"_s, u"9"_s}}));
        CallbackProbe<QString> probe;
        m_client->ping(context(), probe.callback());
        SPACES_WAIT_OK(probe);
        QCOMPARE(probe.value(), u"9"_s);
    }

    void createSpace()
    {
        m_server->on(
            "POST", "/api/spaces",
            FakeResponse::json({{u"status"_s, true}, {u"space_id"_s, knot::SpaceId}}, 201));
        CreateSpaceRequest create;
        create.name = u"web-1"_s;
        create.templateId = knot::TemplateId;
        create.description = u"Web front end"_s;
        create.shell = u"fish"_s;
        create.customFields = {{u"port"_s, u"8080"_s}};
        CallbackProbe<QString> probe;
        m_client->createSpace(create, context(), probe.callback());
        SPACES_WAIT_OK(probe);
        QCOMPARE(probe.value(), knot::SpaceId);
        RecordedRequest request;
        QVERIFY(single(*m_server, "POST", "/api/spaces", &request));
        QVERIFY(request.header("Content-Type").startsWith("application/json"));
        QCOMPARE(request.header("X-Knot-Api-Version"), QByteArray("2025-03-10"));
        const QJsonObject expected{
            {u"name"_s, u"web-1"_s},
            {u"description"_s, u"Web front end"_s},
            {u"template_id"_s, knot::TemplateId},
            {u"shell"_s, u"fish"_s},
            {u"custom_fields"_s,
             QJsonArray{QJsonObject{{u"name"_s, u"port"_s}, {u"value"_s, u"8080"_s}}}}};
        QCOMPARE(request.json(), expected);
    }

    void createSpaceWithoutIdIsBadResponse()
    {
        m_server->on("POST", "/api/spaces", FakeResponse::json({{u"status"_s, true}}, 201));
        CallbackProbe<QString> probe;
        m_client->createSpace({u"web-1"_s, knot::TemplateId, {}, {}, {}}, context(),
                              probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::BadResponse);
        QCOMPARE(probe.error().status, 201);
        QVERIFY(probe.error().message.contains(u"space_id"_s));
    }

    void updateSpaceReadsThenPutsEverythingBack()
    {
        QJsonObject definition = knot::spaceInfo();
        definition.insert(u"node_id"_s, u"6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d"_s);
        m_server->on("GET", "/api/spaces/web-1", FakeResponse::json(definition));
        m_server->on("PUT", "/api/spaces/" + knot::SpaceId.toLatin1(),
                     FakeResponse::json(knot::ok()));
        SpaceChange change;
        change.description = u"New words"_s;
        CallbackProbe<bool> probe;
        m_client->updateSpace(u"web-1"_s, change, context(), probe.callback());
        SPACES_WAIT_OK(probe);
        RecordedRequest request;
        QVERIFY(single(*m_server, "PUT", "/api/spaces/" + knot::SpaceId.toLatin1(), &request));
        QVERIFY(request.header("Content-Type").startsWith("application/json"));
        QJsonObject expected = definition;
        expected.insert(u"description"_s, u"New words"_s);
        expected.insert(u"selected_node_id"_s, definition.value(u"node_id"_s));
        QCOMPARE(request.json(), expected);
    }

    void lifecycleCalls_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("start") << QByteArray("POST") << QByteArray("/api/spaces/web-1/start")
                               << QByteArray(R"({"status":true})");
        QTest::newRow("stop") << QByteArray("POST") << QByteArray("/api/spaces/web-1/stop")
                              << QByteArray();
        QTest::newRow("restart") << QByteArray("POST") << QByteArray("/api/spaces/web-1/restart")
                                 << QByteArray("");
        QTest::newRow("delete") << QByteArray("DELETE") << QByteArray("/api/spaces/web-1")
                                << QByteArray("OK\n");
    }

    void lifecycleCalls()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, body);
        // Whatever a 200 says here (JSON, nothing, plain text), it means done.
        m_server->on(
            method, path,
            FakeResponse::raw(200, body, body.startsWith('{') ? "application/json" : "text/plain"));
        CallbackProbe<bool> probe;
        const QString name = u"web-1"_s;
        if (path.endsWith("/start"))
            m_client->startSpace(name, context(), probe.callback());
        else if (path.endsWith("/stop"))
            m_client->stopSpace(name, context(), probe.callback());
        else if (path.endsWith("/restart"))
            m_client->restartSpace(name, context(), probe.callback());
        else
            m_client->deleteSpace(name, context(), probe.callback());
        SPACES_WAIT_OK(probe);
        QVERIFY(probe.value());
        RecordedRequest request;
        QVERIFY(single(*m_server, method, path, &request));
        QCOMPARE(request.header("Authorization"), QByteArray("Bearer tok-123"));
        QCOMPARE(request.header("X-Knot-Api-Version"), QByteArray("2025-03-10"));
        QVERIFY(request.body.isEmpty());
        QCOMPARE(m_server->requests().size(), 1);
    }

    void customFields()
    {
        m_server->on("PUT", "/api/spaces/web-1/custom-field", FakeResponse::json(knot::ok()));
        m_server->on("GET", "/api/spaces/web-1/custom-field/port",
                     FakeResponse::json({{u"name"_s, u"port"_s}, {u"value"_s, u"9090"_s}}));
        m_server->on("GET", "/api/spaces/web-1/custom-field/unset",
                     FakeResponse::json({{u"name"_s, u"unset"_s}}));
        CallbackProbe<bool> set;
        m_client->setCustomField(u"web-1"_s, u"port"_s, u"9090"_s, context(), set.callback());
        SPACES_WAIT_OK(set);
        RecordedRequest request;
        QVERIFY(single(*m_server, "PUT", "/api/spaces/web-1/custom-field", &request));
        QCOMPARE(request.json(), (QJsonObject{{u"name"_s, u"port"_s}, {u"value"_s, u"9090"_s}}));
        QVERIFY(request.header("Content-Type").startsWith("application/json"));

        CallbackProbe<QString> get;
        m_client->getCustomField(u"web-1"_s, u"port"_s, context(), get.callback());
        SPACES_WAIT_OK(get);
        QCOMPARE(get.value(), u"9090"_s);
        CallbackProbe<QString> unset;
        m_client->getCustomField(u"web-1"_s, u"unset"_s, context(), unset.callback());
        SPACES_WAIT_OK(unset);
        QCOMPARE(unset.value(), QString());
    }

    void runCommand()
    {
        m_server->on("POST", "/api/spaces/web-1/run-command",
                     FakeResponse::json({{u"success"_s, true}, {u"output"_s, u"hello world\n"_s}}));
        RunCommandRequest run;
        run.command = u"echo"_s;
        run.arguments = {u"hello"_s, u"world"_s};
        run.timeoutSeconds = 12;
        run.workdir = u"/tmp"_s;
        CallbackProbe<CommandResult> probe;
        m_client->runCommand(u"web-1"_s, run, context(), probe.callback());
        SPACES_WAIT_OK(probe);
        QVERIFY(probe.value().success);
        QCOMPARE(probe.value().output, u"hello world\n"_s);
        QCOMPARE(probe.value().exitCode, std::optional<int>(0));
        RecordedRequest request;
        QVERIFY(single(*m_server, "POST", "/api/spaces/web-1/run-command", &request));
        const QJsonObject expected{{u"command"_s, u"echo"_s},
                                   {u"args"_s, QJsonArray{u"hello"_s, u"world"_s}},
                                   {u"timeout"_s, 12},
                                   {u"workdir"_s, u"/tmp"_s}};
        QCOMPARE(request.json(), expected);
    }

    void runCommandFailures_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("error");
        QTest::addColumn<int>("exitCode");
        // Knot drops the output and only says "exit status N".
        QTest::newRow("knot") << QByteArray(R"({"success":false,"error":"exit status 3"})")
                              << QString() << u"exit status 3"_s << 3;
        // spacesd keeps the output and adds exit_code.
        QTest::newRow("spacesd")
            << QByteArray(
                   R"({"success":false,"output":"boom\n","error":"exit status 2","exit_code":2})")
            << u"boom\n"_s << u"exit status 2"_s << 2;
        QTest::newRow("timed out") << QByteArray(R"({"success":false,"error":"Command timed out"})")
                                   << QString() << u"Command timed out"_s << -1;
    }

    void runCommandFailures()
    {
        QFETCH(QByteArray, answer);
        QFETCH(QString, output);
        QFETCH(QString, error);
        QFETCH(int, exitCode);
        m_server->on("POST", "/api/spaces/web-1/run-command",
                     FakeResponse::raw(200, answer, "application/json"));
        CallbackProbe<CommandResult> probe;
        m_client->runCommand(u"web-1"_s, {u"false"_s, {}, 30, {}}, context(), probe.callback());
        SPACES_WAIT_OK(probe);
        QVERIFY(!probe.value().success);
        QCOMPARE(probe.value().output, output);
        QCOMPARE(probe.value().error, error);
        QCOMPARE(probe.value().exitCode,
                 exitCode < 0 ? std::nullopt : std::optional<int>(exitCode));
    }

    void runCommandOnStoppedSpace()
    {
        m_server->on("POST", "/api/spaces/web-1/run-command",
                     FakeResponse::error(400, u"Space is not running"_s));
        CallbackProbe<CommandResult> probe;
        m_client->runCommand(u"web-1"_s, {u"ls"_s, {}, 30, {}}, context(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::NotRunning);
        QCOMPARE(probe.error().message, u"Space is not running"_s);
    }

    void executeScript_data()
    {
        QTest::addColumn<QString>("scriptName");
        QTest::addColumn<QString>("scriptId");
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("field");
        QTest::newRow("by name") << u"greet"_s << QString() << QString() << u"script_name"_s;
        QTest::newRow("by id") << QString() << u"7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918"_s
                               << QString() << u"script_id"_s;
        QTest::newRow("inline") << QString() << QString() << u"echo \"$1\""_s << u"content"_s;
    }

    void executeScript()
    {
        QFETCH(QString, scriptName);
        QFETCH(QString, scriptId);
        QFETCH(QString, content);
        QFETCH(QString, field);
        serveNoScripts();
        m_server->on(
            "POST", "/api/spaces/web-1/execute-script",
            FakeResponse::json(
                {{u"output"_s, u"hi there\n"_s}, {u"error"_s, u""_s}, {u"exit_code"_s, 4}}));
        ExecuteScriptRequest execute;
        execute.scriptName = scriptName;
        execute.scriptId = scriptId;
        execute.content = content;
        execute.arguments = {u"there"_s, u"two words"_s};
        CallbackProbe<ScriptResult> probe;
        m_client->executeScript(u"web-1"_s, execute, context(), probe.callback());
        SPACES_WAIT_OK(probe);
        QCOMPARE(probe.value().output, u"hi there\n"_s);
        QCOMPARE(probe.value().exitCode, 4);
        QVERIFY(!probe.value().succeeded());
        RecordedRequest request;
        QVERIFY(single(*m_server, "POST", "/api/spaces/web-1/execute-script", &request));
        const QJsonObject expected{{field, QString(scriptName + scriptId + content)},
                                   {u"arguments"_s, QJsonArray{u"there"_s, u"two words"_s}}};
        QCOMPARE(request.json(), expected);
    }

    void executeScriptOnStoppedSpace()
    {
        serveNoScripts();
        m_server->on("POST", "/api/spaces/web-1/execute-script",
                     FakeResponse::error(503, u"Space is not running"_s));
        CallbackProbe<ScriptResult> probe;
        m_client->executeScript(u"web-1"_s, {u"greet"_s, {}, {}, {}}, context(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::NotRunning);
        QCOMPARE(probe.error().status, 503);
    }

    void listTemplates()
    {
        m_server->on("GET", "/api/templates",
                     FakeResponse::json(
                         {{u"count"_s, 1}, {u"templates"_s, QJsonArray{knot::templateInfo()}}}));
        CallbackProbe<SpaceTemplateList> probe;
        m_client->listTemplates(context(), probe.callback());
        SPACES_WAIT_OK(probe);
        QCOMPARE(probe.value().size(), 1);
        const SpaceTemplate &found = probe.value().first();
        QCOMPARE(found.id, knot::TemplateId);
        QCOMPARE(found.name, u"docker-web"_s);
        QCOMPARE(found.description, u"A web server"_s);
        QVERIFY(found.definesField(u"port"_s));
        QCOMPARE(found.customFields.first().description, u"Port to serve on"_s);
    }

    void listScripts()
    {
        m_server->on(
            "GET", "/api/scripts",
            FakeResponse::json(
                {{u"count"_s, 2},
                 {u"scripts"_s, QJsonArray{knot::scriptInfo(u"greet"_s, knot::UserId),
                                           knot::scriptInfo(u"global-tool"_s, QString())}}}));
        CallbackProbe<ScriptList> probe;
        m_client->listScripts(context(), probe.callback());
        SPACES_WAIT_OK(probe);
        RecordedRequest request;
        QVERIFY(single(*m_server, "GET", "/api/scripts", &request));
        // With user_id Knot would leave the global scripts out.
        QVERIFY(!request.query.hasQueryItem(u"user_id"_s));
        QCOMPARE(probe.value().size(), 2);
        QCOMPARE(probe.value().at(0).name, u"greet"_s);
        QCOMPARE(probe.value().at(0).userId, knot::UserId);
        QCOMPARE(probe.value().at(0).description, u"Says hello"_s);
        QVERIFY(probe.value().at(1).userId.isEmpty());
    }

    // ---- /space-io: names resolved to ids ------------------------------------------------

    void forwardPortResolvesTheSourceName()
    {
        m_server->on("GET", "/api/spaces/web-1", FakeResponse::json(knot::spaceInfo()));
        const QByteArray forwardPath = "/space-io/" + knot::SpaceId.toLatin1() + "/port/forward";
        m_server->on("POST", forwardPath, FakeResponse::json(knot::ok()));
        PortForwardRequest forward;
        forward.localPort = 8080;
        forward.targetSpace = u"db"_s;
        forward.remotePort = 5432;
        forward.persistent = true;
        CallbackProbe<bool> probe;
        m_client->forwardPort(u"web-1"_s, forward, context(), probe.callback());
        SPACES_WAIT_OK(probe);
        QCOMPARE(m_server->requests().size(), 2);
        QCOMPARE(m_server->requests().at(0).path, QByteArray("/api/spaces/web-1"));
        RecordedRequest request;
        QVERIFY(single(*m_server, "POST", forwardPath, &request));
        QVERIFY(request.header("Content-Type").startsWith("application/json"));
        QCOMPARE(request.header("Authorization"), QByteArray("Bearer tok-123"));
        // The target goes as given: Knot takes a name or an id there.
        const QJsonObject expected{{u"local_port"_s, 8080},
                                   {u"space"_s, u"db"_s},
                                   {u"remote_port"_s, 5432},
                                   {u"persistent"_s, true},
                                   {u"force"_s, false}};
        QCOMPARE(request.json(), expected);
    }

    void uuidsAreNotResolved()
    {
        const QByteArray base = "/space-io/" + knot::SpaceId.toLatin1();
        m_server->on("POST", base + "/port/forward", FakeResponse::json(knot::ok()));
        m_server->on("GET", base + "/port/list",
                     FakeResponse::json({{u"success"_s, true}, {u"forwards"_s, QJsonArray{}}}));
        m_server->on("POST", base + "/port/stop", FakeResponse::json(knot::ok()));
        CallbackProbe<bool> forward;
        m_client->forwardPort(knot::SpaceId, {8080, u"db"_s, 5432, false, false}, context(),
                              forward.callback());
        SPACES_WAIT_OK(forward);
        CallbackProbe<PortForwardList> list;
        m_client->listPortForwards(knot::SpaceId, context(), list.callback());
        SPACES_WAIT_OK(list);
        QVERIFY(list.value().isEmpty());
        CallbackProbe<bool> stop;
        m_client->stopPortForward(knot::SpaceId, 8080, context(), stop.callback());
        SPACES_WAIT_OK(stop);
        QCOMPARE(m_server->requests().size(), 3);
        for (const RecordedRequest &request : m_server->requests())
            QVERIFY2(request.path.startsWith("/space-io/"), request.target.constData());
    }

    void upperCaseUuidIsResolved()
    {
        // Ids are lowercase: anything else may be a name and is looked up.
        const QString upper = knot::SpaceId.toUpper();
        m_server->on("GET", "/api/spaces/" + upper.toLatin1(),
                     FakeResponse::json(knot::spaceInfo()));
        m_server->on("GET", "/space-io/" + knot::SpaceId.toLatin1() + "/port/list",
                     FakeResponse::json({{u"success"_s, true}, {u"forwards"_s, QJsonArray{}}}));
        CallbackProbe<PortForwardList> list;
        m_client->listPortForwards(upper, context(), list.callback());
        SPACES_WAIT_OK(list);
        QCOMPARE(m_server->requests().size(), 2);
    }

    void listPortForwards()
    {
        m_server->on("GET", "/api/spaces/web-1", FakeResponse::json(knot::spaceInfo()));
        m_server->on("GET", "/space-io/" + knot::SpaceId.toLatin1() + "/port/list",
                     FakeResponse::json(
                         {{u"success"_s, true},
                          {u"forwards"_s, QJsonArray{knot::portForwardInfo(8080, u"db"_s, 5432),
                                                     knot::portForwardInfo(9000, u"api"_s, 80)}}}));
        CallbackProbe<PortForwardList> probe;
        m_client->listPortForwards(u"web-1"_s, context(), probe.callback());
        SPACES_WAIT_OK(probe);
        QCOMPARE(probe.value().size(), 2);
        QCOMPARE(probe.value().at(0), (PortForward{8080, u"db"_s, 5432, false, u"relay"_s}));
        QCOMPARE(probe.value().at(1).localPort, 9000);
        QCOMPARE(probe.value().at(1).space, u"api"_s);
    }

    void stopPortForward()
    {
        m_server->on("GET", "/api/spaces/web-1", FakeResponse::json(knot::spaceInfo()));
        const QByteArray stopPath = "/space-io/" + knot::SpaceId.toLatin1() + "/port/stop";
        m_server->on("POST", stopPath, FakeResponse::json(knot::ok()));
        CallbackProbe<bool> probe;
        m_client->stopPortForward(u"web-1"_s, 8080, context(), probe.callback());
        SPACES_WAIT_OK(probe);
        RecordedRequest request;
        QVERIFY(single(*m_server, "POST", stopPath, &request));
        QCOMPARE(request.json(), (QJsonObject{{u"local_port"_s, 8080}}));
        QVERIFY(request.header("Content-Type").startsWith("application/json"));
    }

    void stopUnknownPortForward_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        // Knot: a 500 with the agent's sentence.
        QTest::newRow("knot 500 json")
            << 500 << QByteArray(R"({"success":false,"error":"Port forward not found"})")
            << QByteArray("application/json");
        QTest::newRow("knot 500 text")
            << 500 << QByteArray("Port forward not found\n") << QByteArray("text/plain");
        QTest::newRow("spacesd 404") << 404 << QByteArray(R"({"error":"Port forward not found"})")
                                     << QByteArray("application/json");
    }

    void stopUnknownPortForward()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        m_server->on("POST", "/space-io/" + knot::SpaceId.toLatin1() + "/port/stop",
                     FakeResponse::raw(status, body, contentType));
        CallbackProbe<bool> probe;
        m_client->stopPortForward(knot::SpaceId, 8080, context(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::NotFound);
        QCOMPARE(probe.error().message, u"Port forward not found"_s);
        QCOMPARE(probe.error().status, 404);
    }

    void stopPortForwardKeepsOtherServerErrors()
    {
        m_server->on("POST", "/space-io/" + knot::SpaceId.toLatin1() + "/port/stop",
                     FakeResponse::error(500, u"Failed to send command to agent"_s));
        CallbackProbe<bool> probe;
        m_client->stopPortForward(knot::SpaceId, 8080, context(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::Server);
        QCOMPARE(probe.error().message, u"Failed to send command to agent"_s);
        QCOMPARE(probe.error().status, 500);
    }

    void resolutionFailureStopsTheCall()
    {
        m_server->on("GET", "/api/spaces/ghost", FakeResponse::error(404, u"space not found"_s));
        CallbackProbe<bool> probe;
        m_client->forwardPort(u"ghost"_s, {8080, u"db"_s, 5432, false, false}, context(),
                              probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::NotFound);
        QCOMPARE(probe.error().message, u"space not found"_s);
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(probe.calls(), 1);
    }

    void resolutionWithoutIdIsBadResponse()
    {
        m_server->on("GET", "/api/spaces/web-1", FakeResponse::json({{u"name"_s, u"web-1"_s}}));
        CallbackProbe<PortForwardList> probe;
        m_client->listPortForwards(u"web-1"_s, context(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::BadResponse);
        QCOMPARE(m_server->requests().size(), 1);
    }

    // ---- errors --------------------------------------------------------------------------

    void httpErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("sentence");
        QTest::addColumn<Kind>("kind");
        QTest::newRow("401") << 401 << u"Authentication token is not valid"_s << Kind::Unauthorized;
        QTest::newRow("403") << 403 << u"No permission to manage or use spaces"_s
                             << Kind::Forbidden;
        QTest::newRow("404") << 404 << u"space not found"_s << Kind::NotFound;
        QTest::newRow("409") << 409 << u"local port 8080 is already in use"_s << Kind::Conflict;
        QTest::newRow("409 not running")
            << 409 << u"space 'web-1' is not running"_s << Kind::NotRunning;
        QTest::newRow("423") << 423 << u"space cannot be started"_s << Kind::Conflict;
        QTest::newRow("503") << 503 << u"Space is not running"_s << Kind::NotRunning;
        QTest::newRow("400") << 400 << u"invalid name given for space"_s << Kind::BadRequest;
        QTest::newRow("500") << 500 << u"database is locked"_s << Kind::Server;
    }

    void httpErrors()
    {
        QFETCH(int, status);
        QFETCH(QString, sentence);
        QFETCH(Kind, kind);
        m_server->on("POST", "/api/spaces/web-1/start", FakeResponse::error(status, sentence));
        CallbackProbe<bool> probe;
        m_client->startSpace(u"web-1"_s, context(), probe.callback());
        SPACES_WAIT_ERROR(probe, kind);
        QCOMPARE(probe.error().status, status);
        QCOMPARE(probe.error().message, sentence);
        QCOMPARE(probe.calls(), 1);
    }

    void unauthorizedWithChallenge()
    {
        // A proxy may add WWW-Authenticate: the server's sentence still comes through.
        FakeResponse answer = FakeResponse::error(401, u"Authentication token is not valid"_s);
        answer.headers.append(
            qMakePair(QByteArray("WWW-Authenticate"), QByteArray("Bearer realm=\"knot\"")));
        m_server->on("GET", "/api/users/whoami", answer);
        CallbackProbe<User> probe;
        m_client->whoami(context(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::Unauthorized);
        QCOMPARE(probe.error().message, u"Authentication token is not valid"_s);
    }

    void plainTextErrorBody()
    {
        m_server->on(
            "DELETE", "/api/spaces/web-1",
            FakeResponse::raw(423, "space cannot be deleted\n", "text/plain; charset=utf-8"));
        CallbackProbe<bool> probe;
        m_client->deleteSpace(u"web-1"_s, context(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::Conflict);
        QCOMPARE(probe.error().message, u"space cannot be deleted"_s);
    }

    void emptyErrorBodyGetsASentence()
    {
        m_server->on("GET", "/api/spaces/web-1",
                     FakeResponse::raw(502, QByteArray(), QByteArray()));
        CallbackProbe<Space> probe;
        m_client->getSpace(u"web-1"_s, context(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::Server);
        QVERIFY(!probe.error().message.isEmpty());
        QVERIFY(probe.error().message.contains(u"502"_s));
    }

    void okWithoutThePromisedJson_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::newRow("html") << QByteArray(
                                     "<html><body>Welcome to the captive portal</body></html>")
                              << QByteArray("text/html");
        QTest::newRow("empty") << QByteArray() << QByteArray("application/json");
        QTest::newRow("truncated") << QByteArray(R"({"count":1,"templates":[{"template_id":)")
                                   << QByteArray("application/json");
        QTest::newRow("array") << QByteArray("[]") << QByteArray("application/json");
        QTest::newRow("wrong type")
            << QByteArray(R"({"count":1,"templates":{"a":1}})") << QByteArray("application/json");
        QTest::newRow("wrong item") << QByteArray(R"({"count":1,"templates":["docker-web"]})")
                                    << QByteArray("application/json");
    }

    void okWithoutThePromisedJson()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        m_server->on("GET", "/api/templates", FakeResponse::raw(200, body, contentType));
        CallbackProbe<SpaceTemplateList> probe;
        m_client->listTemplates(context(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::BadResponse);
        QCOMPARE(probe.error().status, 200);
        QVERIFY(probe.error().message.startsWith(u"The server's answer"_s));
    }

    void hangingServerTimesOut()
    {
        makeClient(300ms);
        m_server->on("GET", "/api/spaces/web-1", FakeResponse::hang());
        CallbackProbe<Space> probe;
        QElapsedTimer clock;
        clock.start();
        m_client->getSpace(u"web-1"_s, context(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::Timeout);
        QVERIFY2(clock.elapsed() >= 290, QByteArray::number(clock.elapsed()).constData());
        QCOMPARE(probe.error().status, 0);
        QCOMPARE(probe.error().message, u"The server did not answer within 0.3 s"_s);
        QCOMPARE(probe.calls(), 1);
    }

    void runCommandWaitsForTheCommandsTimeout()
    {
        // 1 s for the command plus a margin (here the 200 ms request timeout).
        makeClient(200ms);
        m_server->on("POST", "/api/spaces/web-1/run-command", FakeResponse::hang());
        CallbackProbe<CommandResult> probe;
        QElapsedTimer clock;
        clock.start();
        m_client->runCommand(u"web-1"_s, {u"sleep"_s, {u"5"_s}, 1, {}}, context(),
                             probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::Timeout);
        QVERIFY2(clock.elapsed() >= 1190, QByteArray::number(clock.elapsed()).constData());
        QCOMPARE(probe.error().message, u"The server did not answer within 1.2 s"_s);
    }

    void slowAnswerWithinTimeout()
    {
        makeClient(2s);
        m_server->on("GET", "/api/ping", FakeResponse::json({{u"version"_s, u"1"_s}}).delayed(300));
        CallbackProbe<QString> probe;
        m_client->ping(context(), probe.callback());
        SPACES_WAIT_OK(probe);
    }

    void closedMidBody()
    {
        m_server->on("GET", "/api/spaces/web-1",
                     FakeResponse::closeMidBody(
                         QJsonDocument(knot::spaceInfo()).toJson(QJsonDocument::Compact)));
        CallbackProbe<Space> probe;
        m_client->getSpace(u"web-1"_s, context(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::Network);
        QCOMPARE(
            probe.error().message,
            u"The connection to %1 broke before the answer was complete: the server closed the connection"_s
                .arg(m_server->url().toString()));
        QCOMPARE(probe.calls(), 1);
    }

    void connectionRefused()
    {
        const quint16 port = spaces::test::freeTcpPort();
        QVERIFY(port != 0);
        QUrl url;
        url.setScheme(u"http"_s);
        url.setHost(u"127.0.0.1"_s);
        url.setPort(port);
        makeClient(10s, url);
        CallbackProbe<QString> probe;
        m_client->ping(context(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::Network);
        QCOMPARE(probe.error().status, 0);
        QCOMPARE(probe.error().message,
                 u"Cannot reach http://127.0.0.1:%1: connection refused"_s.arg(port));
    }

    void redirectWithinTheServerIsFollowed()
    {
        FakeResponse moved = FakeResponse::raw(308, QByteArray(), QByteArray());
        moved.headers.append(qMakePair(QByteArray("Location"), QByteArray("/v2/api/ping")));
        m_server->on("GET", "/api/ping", moved);
        m_server->on("GET", "/v2/api/ping", FakeResponse::json({{u"version"_s, u"2"_s}}));
        CallbackProbe<QString> probe;
        m_client->ping(context(), probe.callback());
        SPACES_WAIT_OK(probe);
        QCOMPARE(probe.value(), u"2"_s);
        RecordedRequest request;
        QVERIFY(single(*m_server, "GET", "/v2/api/ping", &request));
        QCOMPARE(request.header("Authorization"), QByteArray("Bearer tok-123"));
    }

    void redirectElsewhereIsNotFollowed()
    {
        // The token must not travel to another server.
        FakeKnotServer elsewhere;
        QVERIFY(elsewhere.listen());
        FakeResponse moved = FakeResponse::raw(301, QByteArray(), QByteArray());
        moved.headers.append(
            qMakePair(QByteArray("Location"), elsewhere.url().toEncoded() + "/api/ping"));
        m_server->on("GET", "/api/ping", moved);
        CallbackProbe<QString> probe;
        m_client->ping(context(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::BadResponse);
        QCOMPARE(probe.error().message,
                 u"The server at %1 redirects to %2: use that address instead"_s.arg(
                     m_server->url().toString(), elsewhere.url().toString()));
        QVERIFY(elsewhere.requests().isEmpty());
    }

    void invalidServerAddress()
    {
        makeClient(10s, QUrl(u"ftp://example.com"_s));
        CallbackProbe<QString> probe;
        m_client->ping(context(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::Network);
        QCOMPARE(probe.error().message,
                 u"The server address \"ftp://example.com\" is not an http or https URL"_s);
    }

    void emptyNameFailsWithoutARequest()
    {
        CallbackProbe<Space> probe;
        m_client->getSpace(QString(), context(), probe.callback());
        QVERIFY(!probe.called()); // never from inside the call
        SPACES_WAIT_ERROR(probe, Kind::BadRequest);
        QVERIFY(m_server->requests().isEmpty());
    }

    // ---- callbacks: once, on the loop, never into a dead context -------------------------

    void noCallbackAfterContextIsDeleted()
    {
        m_server->on("GET", "/api/spaces/web-1",
                     FakeResponse::json(knot::spaceInfo()).delayed(200));
        m_server->on("GET", "/api/spaces/web-2",
                     FakeResponse::json(knot::spaceInfo()).delayed(400));
        auto doomed = std::make_unique<QObject>();
        CallbackProbe<Space> dead;
        CallbackProbe<Space> alive;
        m_client->getSpace(u"web-1"_s, doomed.get(), dead.callback());
        m_client->getSpace(u"web-2"_s, context(), alive.callback());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->requests().size(), 2, 5000);
        doomed.reset();
        SPACES_WAIT_OK(alive);
        QCOMPARE(dead.calls(), 0);
    }

    void noCallbackAfterContextIsDeletedMidChain()
    {
        // listSpaces is whoami, then the list: the context goes while whoami is under way.
        m_server->on("GET", "/api/users/whoami", FakeResponse::json(knot::user()).delayed(200));
        m_server->on("GET", "/api/spaces", FakeResponse::json({{u"spaces"_s, QJsonArray{}}}));
        auto doomed = std::make_unique<QObject>();
        CallbackProbe<SpaceList> dead;
        CallbackProbe<User> alive;
        m_client->listSpaces(doomed.get(), dead.callback());
        m_client->whoami(context(), alive.callback());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->requests().size(), 1, 5000);
        doomed.reset();
        SPACES_WAIT_OK(alive);
        // The list request is never sent for a caller that is gone.
        CallbackProbe<QString> after;
        m_server->on("GET", "/api/ping", FakeResponse::json({{u"version"_s, u"1"_s}}));
        m_client->ping(context(), after.callback());
        SPACES_WAIT_OK(after);
        QCOMPARE(dead.calls(), 0);
        QCOMPARE(m_server->count("GET", "/api/spaces"), 0);
    }

    void nullContextIsAlwaysCalled()
    {
        m_server->on("GET", "/api/ping", FakeResponse::json({{u"version"_s, u"1"_s}}));
        CallbackProbe<QString> probe;
        m_client->ping(nullptr, probe.callback());
        SPACES_WAIT_OK(probe);
        QCOMPARE(probe.calls(), 1);
    }

    void destroyingTheClientAnswersPendingCalls()
    {
        m_server->on("GET", "/api/spaces/web-1", FakeResponse::hang());
        CallbackProbe<Space> probe;
        m_client->getSpace(u"web-1"_s, context(), probe.callback());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->requests().size(), 1, 5000);
        m_client.reset();
        QCOMPARE(probe.calls(), 1);
        QCOMPARE(probe.error().kind(), Kind::Network);
        QVERIFY(!probe.error().message.isEmpty());
    }

    void callbacksRunOnTheLoopExactlyOnce()
    {
        serveWhoami();
        CallbackProbe<User> first;
        m_client->whoami(context(), first.callback());
        SPACES_WAIT_OK(first);
        // Cached now, but still not answered from inside the call.
        CallbackProbe<User> cached;
        m_client->whoami(context(), cached.callback());
        QCOMPARE(cached.calls(), 0);
        SPACES_WAIT_OK(cached);
        // Another round trip through the loop: nothing more may have arrived meanwhile.
        m_server->on("GET", "/api/ping", FakeResponse::json({{u"version"_s, u"1"_s}}));
        CallbackProbe<QString> later;
        m_client->ping(context(), later.callback());
        SPACES_WAIT_OK(later);
        QCOMPARE(first.calls(), 1);
        QCOMPARE(cached.calls(), 1);
    }

    void injectedNetworkManagerIsUsed()
    {
        QNetworkAccessManager network;
        ConnectionSettings settings{m_server->url(), u"tok-123"_s, 10s};
        SpacesClient client(settings, &network);
        QCOMPARE(client.network(), &network);
        m_server->on("GET", "/api/ping", FakeResponse::json({{u"version"_s, u"7"_s}}));
        CallbackProbe<QString> probe;
        client.ping(context(), probe.callback());
        SPACES_WAIT_OK(probe);
        QCOMPARE(probe.value(), u"7"_s);
    }
};

QTEST_GUILESS_MAIN(SpacesClientTest)
#include "tst_spacesclient.moc"
