#include "KnotSimulator.h"

#include "KnotPayloads.h"
#include "Validation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QUuid>

namespace spaces::test {

using namespace Qt::StringLiterals;

namespace {

bool isUuid(const QString &text)
{
    static const QRegularExpression pattern(QRegularExpression::anchoredPattern(
        u"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"_s));
    return pattern.match(text).hasMatch();
}

FakeResponse knotError(int status, const QString &sentence)
{
    return FakeResponse::json({{u"success"_s, false}, {u"error"_s, sentence}}, status);
}

FakeResponse emptyStatus(int status)
{
    return FakeResponse::raw(status, {}, "text/plain");
}

// Knot's rest.DecodeRequestBody: http.Error with a plain-text sentence.
FakeResponse invalidJson()
{
    return FakeResponse::raw(400, "invalid JSON format\n", "text/plain; charset=utf-8");
}

std::optional<QJsonObject> jsonBody(const RecordedRequest &request)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

QJsonObject fieldDefinition(const QString &name, const QString &description)
{
    return {{u"name"_s, name}, {u"description"_s, description}};
}

} // namespace

KnotSimulator::KnotSimulator(QObject *parent)
    : QObject(parent)
{
    m_server.setHandler([this](const RecordedRequest &request) { return handle(request); });
    m_server.setUpgradeHandler([this](const RecordedRequest &request) {
        FakeKnotServer::SocketTaker taker;
        if (!terminalSpace(request).isEmpty()) // else refused as a plain answer by handle()
            taker = [this](QTcpSocket *socket) {
                m_terminals.takeConnection(socket);
            };
        else if (!tunnelSpace(request).isEmpty())
            taker = [this](QTcpSocket *socket) {
                m_tunnels.takeConnection(socket);
            };
        else if (!logSpace(request).isEmpty())
            taker = [this](QTcpSocket *socket) {
                m_logs.takeConnection(socket);
            };
        else if (!runSpace(request).isEmpty())
            taker = [this](QTcpSocket *socket) {
                m_runs.takeConnection(socket);
            };
        return taker;
    });
    QJsonObject active = knot::templateInfo();
    active.insert(u"name"_s, TemplateName);
    active.insert(u"custom_fields"_s,
                  QJsonArray{fieldDefinition(u"environment"_s, u"Where it runs"_s),
                             fieldDefinition(u"api_key"_s, u"The API key"_s),
                             fieldDefinition(u"port"_s, u"Port to serve on"_s)});
    QJsonObject inactive = knot::templateInfo();
    inactive.insert(u"template_id"_s, u"4d3c2b1a-0f9e-4d8c-8b7a-5f4e3d2c1b0a"_s);
    inactive.insert(u"name"_s, InactiveTemplateName);
    inactive.insert(u"active"_s, false);
    m_templates = {active, inactive};
    QJsonObject global = knot::scriptInfo(GlobalScriptName, QString());
    global.insert(u"id"_s, u"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"_s);
    QJsonObject own = knot::scriptInfo(OwnScriptName, knot::UserId);
    own.insert(u"id"_s, u"5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a"_s);
    QJsonObject others = knot::scriptInfo(u"theirs"_s, OtherUserId);
    others.insert(u"id"_s, u"9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"_s);
    m_scripts = {global, own, others};
}

bool KnotSimulator::listen(quint16 port)
{
    return m_server.listen(port);
}

// ---- state -------------------------------------------------------------------------------

QString KnotSimulator::findId(const QString &idOrName) const
{
    if (m_spaces.contains(idOrName))
        return idOrName;
    for (auto it = m_spaces.begin(); it != m_spaces.end(); ++it) {
        if (it->value(u"name"_s).toString() == idOrName &&
            it->value(u"user_id"_s).toString() == knot::UserId)
            return it.key();
    }
    return {};
}

QJsonObject KnotSimulator::space(const QString &idOrName) const
{
    return m_spaces.value(findId(idOrName));
}

QJsonObject KnotSimulator::templateNamed(const QString &idOrName) const
{
    for (const QJsonObject &entry : m_templates) {
        if (entry.value(u"template_id"_s).toString() == idOrName ||
            entry.value(u"name"_s).toString() == idOrName)
            return entry;
    }
    return {};
}

QString KnotSimulator::addSpace(const QString &name, bool running)
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QJsonObject definition = knot::spaceInfo(id, name, running, false);
    definition.insert(u"has_state"_s, running);
    definition.insert(u"shell"_s, u"zsh"_s);
    definition.insert(u"template_name"_s, TemplateName);
    definition.insert(u"alt_names"_s, QJsonArray{QJsonObject{{u"name"_s, QString(name + u"-alt"_s)},
                                                             {u"primary"_s, false}}});
    definition.insert(u"icon_url"_s, u"https://icons.example/web.svg"_s);
    definition.insert(u"startup_script_id"_s, u"0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"_s);
    definition.insert(u"depends_on"_s, QJsonArray{knot::OtherSpaceId});
    definition.insert(u"stack"_s, u"shop"_s);
    definition.insert(u"node_id"_s, running ? NodeId : QString());
    definition.insert(u"future_field"_s, QJsonObject{{u"kept"_s, true}});
    definition.insert(
        u"custom_fields"_s,
        QJsonArray{QJsonObject{{u"name"_s, u"environment"_s}, {u"value"_s, u"prod"_s}},
                   QJsonObject{{u"name"_s, u"port"_s}, {u"value"_s, u"8080"_s}}});
    m_spaces.insert(id, definition);
    return id;
}

QString KnotSimulator::addOtherUsersSpace(const QString &name)
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QJsonObject definition = knot::spaceInfo(id, name, false, false);
    definition.insert(u"user_id"_s, OtherUserId);
    definition.insert(u"username"_s, u"grace"_s);
    m_spaces.insert(id, definition);
    changed(id);
    return id;
}

void KnotSimulator::setTemplateActive(const QString &name, bool active)
{
    for (QJsonObject &entry : m_templates) {
        if (entry.value(u"name"_s).toString() == name)
            entry.insert(u"active"_s, active);
    }
    sendEvent(u"templates:changed"_s, {});
}

void KnotSimulator::sendEvent(const QString &type, const QJsonObject &payload)
{
    const QJsonObject message{{u"type"_s, type}, {u"payload"_s, payload}};
    m_server.pushToStreams(
        "event: message\ndata: " + QJsonDocument(message).toJson(QJsonDocument::Compact) + "\n\n");
}

void KnotSimulator::changed(const QString &id)
{
    const QJsonObject definition = m_spaces.value(id);
    sendEvent(u"space:changed"_s,
              {{u"id"_s, id}, {u"user_id"_s, definition.value(u"user_id"_s).toString()}});
}

bool KnotSimulator::agentReady(const QString &id) const
{
    const QJsonObject definition = m_spaces.value(id);
    return definition.value(u"is_deployed"_s).toBool() && definition.value(u"has_state"_s).toBool();
}

// ---- requests ----------------------------------------------------------------------------

std::optional<FakeResponse> KnotSimulator::handle(const RecordedRequest &request)
{
    if (request.header("Authorization") != "Bearer " + Token.toUtf8())
        return FakeResponse::error(401, u"Authentication token is not valid"_s);
    const QString path = QString::fromUtf8(request.path);
    const QByteArray &method = request.method;
    if (method == "GET" && path == u"/api/users/whoami"_s)
        return FakeResponse::json(knot::user());
    if (method == "GET" && path == u"/api/ping"_s)
        return FakeResponse::json({{u"status"_s, true}, {u"version"_s, u"0.30.0"_s}});
    if (method == "GET" && path == u"/api/events"_s)
        return eventStream();
    if (method == "GET" && path == u"/api/templates"_s)
        return listTemplates();
    if (method == "GET" && path == u"/api/scripts"_s)
        return listScripts(request);
    if (path == u"/api/spaces"_s) {
        if (method == "GET")
            return listSpaces(request);
        if (method == "POST")
            return create(request);
    }
    QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    if (parts.size() >= 3 && parts.at(0) == u"api"_s && parts.at(1) == u"spaces"_s)
        return handleSpace(request, parts.mid(2));
    if (parts.size() == 4 && parts.at(0) == u"space-io"_s && parts.at(2) == u"port"_s)
        return handleSpaceIo(request, parts);
    if (m_runStreamEnabled && KnotRunServer::isRunPath(path))
        return refuseRun(parts);
    if (parts.size() == 5 && parts.at(0) == u"proxy"_s && parts.at(3) == u"terminal"_s)
        return refuseTerminal(parts);
    if (parts.size() == 5 && parts.at(0) == u"proxy"_s && parts.at(3) == u"port"_s)
        return refuseTunnel(parts);
    if (parts.size() == 3 && parts.at(0) == u"logs"_s && parts.at(2) == u"stream"_s)
        return findId(QUrl::fromPercentEncoding(parts.at(1).toUtf8())).isEmpty()
                   ? knotError(404, u"space not found"_s)
                   : knotError(400, u"Expected a WebSocket upgrade"_s);
    return std::nullopt;
}

QString KnotSimulator::logSpace(const RecordedRequest &request) const
{
    if (request.method != "GET" || request.header("Authorization") != "Bearer " + Token.toUtf8())
        return {};
    const QString key = KnotLogServer::spaceOf(QString::fromUtf8(request.path));
    return key.isEmpty() ? QString() : findId(QUrl::fromPercentEncoding(key.toUtf8()));
}

QString KnotSimulator::tunnelSpace(const RecordedRequest &request) const
{
    if (request.method != "GET" || request.header("Authorization") != "Bearer " + Token.toUtf8())
        return {};
    const QString path = QString::fromUtf8(request.path);
    const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    if (KnotTunnelServer::portOf(path) == 0)
        return {};
    const QString id = findId(QUrl::fromPercentEncoding(parts.at(2).toUtf8()));
    return id.isEmpty() || !agentReady(id) ? QString() : id;
}

std::optional<FakeResponse> KnotSimulator::refuseTunnel(const QStringList &parts) const
{
    const QString id = findId(QUrl::fromPercentEncoding(parts.at(2).toUtf8()));
    if (id.isEmpty())
        return knotError(404, u"space not found"_s);
    if (!m_spaces.value(id).value(u"is_deployed"_s).toBool())
        return knotError(400, u"Space is not running"_s);
    if (!agentReady(id))
        return knotError(503, u"Agent session not found for space"_s);
    if (KnotTunnelServer::portOf(parts.join(u'/')) == 0)
        return knotError(400, u"Invalid port"_s);
    // A plain GET on a tunnel route that would be upgraded.
    return knotError(400, u"Expected a WebSocket upgrade"_s);
}

QString KnotSimulator::terminalSpace(const RecordedRequest &request) const
{
    if (request.method != "GET" || request.header("Authorization") != "Bearer " + Token.toUtf8())
        return {};
    const QStringList parts = QString::fromUtf8(request.path).split(u'/', Qt::SkipEmptyParts);
    if (parts.size() != 5 || parts.at(0) != u"proxy"_s || parts.at(1) != u"spaces"_s ||
        parts.at(3) != u"terminal"_s)
        return {};
    const QString id = findId(QUrl::fromPercentEncoding(parts.at(2).toUtf8()));
    if (id.isEmpty() || !agentReady(id) || PtyTerminalServer::shellPath(parts.at(4)).isEmpty())
        return {};
    return id;
}

std::optional<FakeResponse> KnotSimulator::refuseTerminal(const QStringList &parts) const
{
    const QString id = findId(QUrl::fromPercentEncoding(parts.at(2).toUtf8()));
    if (id.isEmpty())
        return knotError(404, u"space not found"_s);
    if (!m_spaces.value(id).value(u"is_deployed"_s).toBool())
        return knotError(400, u"Space is not running"_s);
    if (!agentReady(id))
        return knotError(503, u"Agent session not found for space"_s);
    if (PtyTerminalServer::shellPath(parts.at(4)).isEmpty())
        return knotError(400, u"Unknown shell"_s);
    // A plain GET on a terminal route that would be upgraded.
    return knotError(400, u"Expected a WebSocket upgrade"_s);
}

std::optional<FakeResponse> KnotSimulator::handleSpace(const RecordedRequest &request,
                                                       QStringList parts)
{
    const QString key = QUrl::fromPercentEncoding(parts.takeFirst().toUtf8());
    // As Knot's GET for a user with ManageSpaces: another user's space by id is found too.
    const QString id = findId(key);
    if (id.isEmpty())
        return knotError(404, u"space not found"_s);
    const QByteArray &method = request.method;
    const QString action = parts.value(0);
    if (action.isEmpty()) {
        if (method == "GET")
            return FakeResponse::json(m_spaces.value(id));
        if (method == "PUT")
            return replace(id, request);
        if (method == "DELETE") {
            if (m_spaces.value(id).value(u"is_deployed"_s).toBool())
                return knotError(423, u"space cannot be deleted"_s);
            const QString owner = m_spaces.take(id).value(u"user_id"_s).toString();
            m_forwards.remove(id);
            sendEvent(u"space:deleted"_s, {{u"id"_s, id}, {u"user_id"_s, owner}});
            return FakeResponse::json(knot::ok());
        }
    }
    if (method == "POST" && action == u"start"_s)
        return start(id);
    if (method == "POST" && action == u"stop"_s)
        return stop(id);
    if (method == "POST" && action == u"run-command"_s)
        return runCommand(id, request);
    if (method == "POST" && action == u"execute-script"_s)
        return executeScript(id, request);
    if (action == u"custom-field"_s) {
        QJsonObject definition = m_spaces.value(id);
        const QJsonArray defined =
            templateNamed(definition.value(u"template_id"_s).toString())[u"custom_fields"_s]
                .toArray();
        const auto isDefined = [&defined](const QString &name) {
            for (const QJsonValue &field : defined) {
                if (field[u"name"_s].toString() == name)
                    return true;
            }
            return false;
        };
        QJsonArray values = definition.value(u"custom_fields"_s).toArray();
        if (method == "GET" && parts.size() == 2) {
            const QString name = parts.at(1);
            if (!isDefined(name))
                return knotError(404, u"custom field not found"_s);
            for (const QJsonValue &value : values) {
                if (value[u"name"_s].toString() == name)
                    return FakeResponse::json(value.toObject());
            }
            return FakeResponse::json({{u"name"_s, name}, {u"value"_s, u""_s}});
        }
        if (method == "PUT") {
            const std::optional<QJsonObject> body = jsonBody(request);
            if (!body)
                return invalidJson();
            const QString name = body->value(u"name"_s).toString();
            if (!isDefined(name))
                return knotError(400, u"custom field '%1' not defined in template"_s.arg(name));
            for (int i = 0; i < values.size(); ++i) {
                if (values.at(i)[u"name"_s].toString() == name)
                    values.removeAt(i--);
            }
            values.append(QJsonObject{{u"name"_s, name}, {u"value"_s, body->value(u"value"_s)}});
            definition.insert(u"custom_fields"_s, values);
            m_spaces.insert(id, definition);
            changed(id);
            return FakeResponse::json(knot::ok());
        }
    }
    return std::nullopt;
}

FakeResponse KnotSimulator::listSpaces(const RecordedRequest &request) const
{
    const QString userId = request.query.queryItemValue(u"user_id"_s);
    QJsonArray spaces;
    for (const QJsonObject &definition : m_spaces) {
        if (definition.value(u"user_id"_s).toString() == (userId.isEmpty() ? knot::UserId : userId))
            spaces.append(definition);
    }
    return FakeResponse::json({{u"count"_s, spaces.size()}, {u"spaces"_s, spaces}});
}

FakeResponse KnotSimulator::listTemplates() const
{
    QJsonArray templates;
    for (const QJsonObject &entry : m_templates)
        templates.append(entry);
    return FakeResponse::json({{u"count"_s, templates.size()}, {u"templates"_s, templates}});
}

FakeResponse KnotSimulator::listScripts(const RecordedRequest &request) const
{
    const QString userId = request.query.queryItemValue(u"user_id"_s);
    QJsonArray scripts;
    for (const QJsonObject &script : m_scripts) {
        const QString owner = script.value(u"user_id"_s).toString();
        const bool listed =
            userId.isEmpty() ? (owner.isEmpty() || owner == knot::UserId) : owner == userId;
        if (listed)
            scripts.append(script);
    }
    return FakeResponse::json({{u"count"_s, scripts.size()}, {u"scripts"_s, scripts}});
}

FakeResponse KnotSimulator::eventStream()
{
    FakeResponse response = FakeResponse::stream({"event: connected\ndata: {}\n\n"});
    if (m_streamLifetimeMs > 0) {
        // Knot's WriteTimeout ends every response, the event stream included.
        QTimer::singleShot(m_streamLifetimeMs, this, [this] { m_server.dropStreams(); });
    }
    return response;
}

FakeResponse KnotSimulator::create(const RecordedRequest &request)
{
    const std::optional<QJsonObject> body = jsonBody(request);
    if (!body)
        return invalidJson();
    const QString name = body->value(u"name"_s).toString();
    if (!Validation::checkSpaceName(name).isEmpty())
        return knotError(400, u"invalid name given for space"_s);
    if (!findId(name).isEmpty())
        return knotError(400, u"failed to save space: space name already used"_s);
    const QJsonObject chosen = templateNamed(body->value(u"template_id"_s).toString());
    if (chosen.isEmpty() || !chosen.value(u"active"_s).toBool())
        return knotError(400, u"invalid template given for new space"_s);
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QJsonObject definition = knot::spaceInfo(id, name, false, false);
    definition.insert(u"description"_s, body->value(u"description"_s).toString());
    definition.insert(u"shell"_s, body->value(u"shell"_s).toString(u"bash"_s));
    definition.insert(u"template_id"_s, chosen.value(u"template_id"_s));
    definition.insert(u"template_name"_s, chosen.value(u"name"_s));
    definition.insert(u"custom_fields"_s, body->value(u"custom_fields"_s).toArray());
    definition.insert(u"node_id"_s, QString());
    m_spaces.insert(id, definition);
    changed(id);
    return FakeResponse::json({{u"status"_s, true}, {u"space_id"_s, id}}, 201);
}

FakeResponse KnotSimulator::replace(const QString &id, const RecordedRequest &request)
{
    const std::optional<QJsonObject> body = jsonBody(request);
    if (!body)
        return invalidJson();
    QJsonObject definition = m_spaces.value(id);
    // A started space on Docker or Podman stays on its node: a body without it is a move.
    const QString node = definition.value(u"node_id"_s).toString();
    if (definition.value(u"is_deployed"_s).toBool() && !node.isEmpty() &&
        body->value(u"selected_node_id"_s).toString() != node)
        return knotError(423, u"space node cannot be changed for this space"_s);
    const QString name = body->value(u"name"_s).toString();
    if (!Validation::checkSpaceName(name).isEmpty())
        return knotError(400, u"invalid name given for space"_s);
    // SpaceRequest's fields replace what was there, absent ones with their zero value.
    const QList<QPair<QString, QJsonValue>> replaced{{u"name"_s, u""_s},
                                                     {u"description"_s, u""_s},
                                                     {u"shell"_s, u""_s},
                                                     {u"alt_names"_s, QJsonArray{}},
                                                     {u"icon_url"_s, u""_s},
                                                     {u"custom_fields"_s, QJsonArray{}},
                                                     {u"startup_script_id"_s, u""_s},
                                                     {u"depends_on"_s, QJsonArray{}},
                                                     {u"stack"_s, u""_s}};
    for (const auto &[field, zero] : replaced)
        definition.insert(field, body->contains(field) ? body->value(field) : zero);
    m_spaces.insert(id, definition);
    changed(id);
    return FakeResponse::json(knot::ok());
}

FakeResponse KnotSimulator::start(const QString &id)
{
    QJsonObject definition = m_spaces.value(id);
    if (definition.value(u"is_deployed"_s).toBool() || definition.value(u"is_pending"_s).toBool())
        return knotError(423, u"space cannot be started"_s);
    definition.insert(u"is_pending"_s, true);
    m_spaces.insert(id, definition);
    changed(id);
    // Deployed first; the agent connects later (has_state), each change told by an event.
    QTimer::singleShot(m_startDelayMs, this, [this, id] {
        if (!m_spaces.contains(id))
            return;
        QJsonObject deployed = m_spaces.value(id);
        deployed.insert(u"is_pending"_s, false);
        deployed.insert(u"is_deployed"_s, true);
        deployed.insert(u"has_state"_s, false);
        deployed.insert(u"node_id"_s, NodeId);
        m_spaces.insert(id, deployed);
        m_logs.append(id, u"Space deployed on node %1"_s.arg(NodeId));
        changed(id);
        QTimer::singleShot(m_agentDelayMs, this, [this, id] {
            if (!m_spaces.value(id).value(u"is_deployed"_s).toBool())
                return;
            QJsonObject ready = m_spaces.value(id);
            ready.insert(u"has_state"_s, true);
            m_spaces.insert(id, ready);
            m_logs.append(id, u"Agent connected"_s);
            changed(id);
        });
    });
    return FakeResponse::json(knot::ok());
}

FakeResponse KnotSimulator::stop(const QString &id)
{
    QJsonObject definition = m_spaces.value(id);
    if (!definition.value(u"is_deployed"_s).toBool())
        return knotError(423, u"space cannot be stopped"_s);
    definition.insert(u"is_deployed"_s, false);
    definition.insert(u"has_state"_s, false);
    m_spaces.insert(id, definition);
    m_forwards.remove(id);
    changed(id);
    return FakeResponse::json(knot::ok());
}

FakeResponse KnotSimulator::runCommand(const QString &id, const RecordedRequest &request)
{
    const std::optional<QJsonObject> body = jsonBody(request);
    if (!body)
        return invalidJson();
    if (!m_spaces.value(id).value(u"is_deployed"_s).toBool())
        return knotError(400, u"Space is not running"_s);
    if (!agentReady(id))
        return knotError(503, u"Agent session not found for space"_s);
    QStringList arguments;
    for (const QJsonValue &argument : body->value(u"args"_s).toArray())
        arguments.append(argument.toString());
    const KnotRunServer::Result result = fakeRun(body->value(u"command"_s).toString(), arguments);
    if (!result.error.isEmpty())
        return FakeResponse::json({{u"success"_s, false}, {u"error"_s, result.error}});
    return FakeResponse::json({{u"success"_s, true}, {u"output"_s, result.output}});
}

KnotRunServer::Result KnotSimulator::fakeRun(const QString &command, const QStringList &arguments)
{
    // Knot joins the command and its arguments with spaces and hands that to a shell.
    QStringList words = (QStringList{command} + arguments).join(u' ').split(u' ');
    const QString program = words.takeFirst();
    if (program == u"false"_s)
        return {QString(), u"exit status 1"_s};
    return {program == u"echo"_s ? words.join(u' ') + u'\n' : QString(), QString()};
}

QString KnotSimulator::runSpace(const RecordedRequest &request) const
{
    if (!m_runStreamEnabled || request.method != "GET" ||
        request.header("Authorization") != "Bearer " + Token.toUtf8())
        return {};
    const QString path = QString::fromUtf8(request.path);
    if (!KnotRunServer::isRunPath(path))
        return {};
    // Knot's /space-io routes take ids only.
    const QString id = path.split(u'/', Qt::SkipEmptyParts).at(1);
    if (!m_spaces.contains(id) || !m_spaces.value(id).value(u"is_deployed"_s).toBool() ||
        !agentReady(id))
        return {};
    return id;
}

std::optional<FakeResponse> KnotSimulator::refuseRun(const QStringList &parts) const
{
    const QString id = parts.at(1);
    if (!isUuid(id))
        return emptyStatus(400);
    if (!m_spaces.contains(id))
        return emptyStatus(404);
    if (!m_spaces.value(id).value(u"is_deployed"_s).toBool())
        return knotError(400, u"Space is not running"_s);
    if (!agentReady(id))
        return knotError(503, u"Agent session not found for space"_s);
    // A plain GET on a run route that would be upgraded.
    return knotError(400, u"Expected a WebSocket upgrade"_s);
}

FakeResponse KnotSimulator::executeScript(const QString &id, const RecordedRequest &request)
{
    const std::optional<QJsonObject> body = jsonBody(request);
    if (!body)
        return invalidJson();
    if (!m_spaces.value(id).value(u"is_deployed"_s).toBool())
        return knotError(503, u"Space is not running"_s);
    if (!agentReady(id))
        return knotError(503, u"Agent session not found for space"_s);
    const QString byId = body->value(u"script_id"_s).toString();
    const QString byName = body->value(u"script_name"_s).toString();
    for (const QJsonObject &script : m_scripts) {
        const QString owner = script.value(u"user_id"_s).toString();
        // Knot looks a name up among the caller's own scripts only; an id finds global ones.
        const bool found =
            byId.isEmpty() ? (owner == knot::UserId && script.value(u"name"_s).toString() == byName)
                           : (script.value(u"id"_s).toString() == byId &&
                              (owner.isEmpty() || owner == knot::UserId));
        if (!found)
            continue;
        QStringList arguments;
        for (const QJsonValue &argument : body->value(u"arguments"_s).toArray())
            arguments.append(argument.toString());
        const QString output =
            script.value(u"name"_s).toString() + u" ran: "_s + arguments.join(u' ') + u'\n';
        return FakeResponse::json(
            {{u"output"_s, output}, {u"error"_s, u""_s}, {u"exit_code"_s, 0}});
    }
    return knotError(404, u"script not found"_s);
}

std::optional<FakeResponse> KnotSimulator::handleSpaceIo(const RecordedRequest &request,
                                                         const QStringList &parts)
{
    const QString id = parts.at(1);
    // Knot's /space-io routes take ids only.
    if (!isUuid(id))
        return emptyStatus(400);
    if (!m_spaces.contains(id))
        return emptyStatus(404);
    if (!agentReady(id))
        return knotError(503, u"Agent session not found for space"_s);
    if (m_agentUnreachable)
        return knotError(500, u"Failed to send command to agent"_s);
    const QString action = parts.at(3);
    QList<QJsonObject> &forwards = m_forwards[id];
    const QString owner = m_spaces.value(id).value(u"user_id"_s).toString();
    if (request.method == "GET" && action == u"list"_s) {
        QJsonArray list;
        for (const QJsonObject &forward : std::as_const(forwards))
            list.append(forward);
        return FakeResponse::json({{u"forwards"_s, list}});
    }
    const std::optional<QJsonObject> body = jsonBody(request);
    if (!body)
        return invalidJson();
    const int localPort = body->value(u"local_port"_s).toInt();
    const auto at = std::find_if(forwards.begin(), forwards.end(), [localPort](const auto &f) {
        return f.value(u"local_port"_s).toInt() == localPort;
    });
    if (request.method == "POST" && action == u"forward"_s) {
        // Knot replaces a forward on the same local port.
        if (at != forwards.end())
            forwards.erase(at);
        forwards.append(knot::portForwardInfo(localPort, body->value(u"space"_s).toString(),
                                              body->value(u"remote_port"_s).toInt()));
        sendEvent(u"port-forward:changed"_s, {{u"id"_s, id}, {u"user_id"_s, owner}});
        return emptyStatus(200);
    }
    if (request.method == "POST" && action == u"stop"_s) {
        if (at == forwards.end())
            return knotError(500, u"Port forward not found"_s);
        forwards.erase(at);
        sendEvent(u"port-forward:changed"_s, {{u"id"_s, id}, {u"user_id"_s, owner}});
        return emptyStatus(200);
    }
    return std::nullopt;
}

} // namespace spaces::test
