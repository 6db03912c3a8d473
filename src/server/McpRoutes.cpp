#include "McpRoutes.h"

#include "McpProtocolVersion.h"
#include "McpReplyCollector.h"
#include "Router.h"

#include <QJsonDocument>
#include <QUrl>

namespace spaces {

namespace {

constexpr int ServerErrorCode = -32000; // transport-level refusals (JSON-RPC's server range)
constexpr int NoSessionCode = -32001;

using Field = QPair<QByteArray, QByteArray>;

const QByteArray SessionHeader = "Mcp-Session-Id";
const QByteArray VersionHeader = "MCP-Protocol-Version";

bool acceptsJson(const QByteArray &accept)
{
    if (accept.trimmed().isEmpty())
        return true; // nothing said: JSON will do
    for (const QByteArray &range : accept.split(',')) {
        const QByteArray type = range.split(';').first().trimmed().toLower();
        if (type == "application/json" || type == "application/*" || type == "*/*")
            return true;
    }
    return false;
}

} // namespace

void McpRoutes::install(Router &router)
{
    router.add("POST", u"/mcp",
               [this](const HttpRequest &r, const QStringList &, HttpResponder out) {
                   post(r, std::move(out));
               });
    router.addAnswer("DELETE", u"/mcp",
                     [this](const HttpRequest &r, const QStringList &) { return end(r); });
    router.addAnswer("GET", u"/mcp",
                     [this](const HttpRequest &r, const QStringList &) { return refuseStream(r); });
}

bool McpRoutes::handles(const HttpRequest &head)
{
    return head.path == QLatin1StringView("/mcp");
}

HttpResponse McpRoutes::failure(int status, int code, const QString &sentence)
{
    HttpResponse response;
    response.status = status;
    response.body = QJsonDocument(McpMessage::error(QJsonValue::Null, code, sentence))
                        .toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse McpRoutes::failure(const ApiError &error)
{
    return failure(error.status, ServerErrorCode, error.message);
}

bool McpRoutes::isLoopbackOrigin(const QByteArray &origin)
{
    // A browser page's Origin: a page from elsewhere that resolves its own name to 127.0.0.1
    // (DNS rebinding) must not drive spaces. Pages of this computer may.
    const QUrl url(QString::fromLatin1(origin), QUrl::StrictMode);
    if (!url.isValid() ||
        (url.scheme() != QLatin1StringView("http") && url.scheme() != QLatin1StringView("https")))
        return false;
    const QString host = url.host().toLower();
    return host == QLatin1StringView("localhost") || host == QLatin1StringView("127.0.0.1") ||
           host == QLatin1StringView("::1");
}

std::optional<HttpResponse> McpRoutes::admit(const HttpRequest &head) const
{
    const QByteArray origin = head.header("Origin").trimmed();
    if (!origin.isEmpty() && !isLoopbackOrigin(origin))
        return failure(403, ServerErrorCode,
                       QStringLiteral("Origin %1 may not use this server: only pages of this "
                                      "computer (localhost) may call /mcp")
                           .arg(QString::fromLatin1(origin)));
    if (const Expected<User> user = m_context.authenticate(head); !user) {
        HttpResponse refusal = failure(user.error());
        refusal.headers.append(Field{"WWW-Authenticate", "Bearer realm=\"spacesd\""});
        return refusal;
    }
    return std::nullopt;
}

HttpResponse McpRoutes::refuseStream(const HttpRequest &)
{
    HttpResponse response = failure(405, ServerErrorCode,
                                    QStringLiteral("this server sends no messages of its own: "
                                                   "GET /mcp opens no stream; use POST"));
    response.headers.append(Field{"Allow", "POST, DELETE"});
    return response;
}

Expected<McpSessions::Session> McpRoutes::sessionOf(const User &user,
                                                    const HttpRequest &request) const
{
    const QString sessionId = QString::fromLatin1(request.header(SessionHeader).trimmed());
    if (sessionId.isEmpty())
        return ApiError::badRequest(
            QStringLiteral("the Mcp-Session-Id header is required: send initialize first and "
                           "name the session it returned"));
    const std::optional<McpSessions::Session> session = m_sessions.find(sessionId, user.id);
    if (!session)
        return ApiError::notFound(QStringLiteral(
            "MCP session not found (it ended or this server restarted): initialize again"));
    const QString version = QString::fromLatin1(request.header(VersionHeader).trimmed());
    // Absent: an older client, which speaks what it negotiated.
    if (!version.isEmpty() && !McpProtocolVersion::isSupported(version))
        return ApiError::badRequest(
            QStringLiteral("unsupported MCP-Protocol-Version %1 (this server speaks %2)")
                .arg(version, McpProtocolVersion::supported().join(QStringLiteral(", "))));
    if (!version.isEmpty() && version != session->protocolVersion)
        return ApiError::badRequest(
            QStringLiteral("MCP-Protocol-Version %1 differs from the version this session "
                           "negotiated (%2)")
                .arg(version, session->protocolVersion));
    return *session;
}

void McpRoutes::post(const HttpRequest &request, HttpResponder responder)
{
    const Expected<User> user = m_context.authenticate(request);
    if (!user)
        return responder.send(failure(user.error()));
    const QByteArray contentType = request.header("Content-Type").split(';').first().trimmed();
    if (contentType.compare("application/json", Qt::CaseInsensitive) != 0)
        return responder.send(failure(415, ServerErrorCode,
                                      QStringLiteral("an MCP message must be sent as Content-Type: "
                                                     "application/json")));
    if (!acceptsJson(request.header("Accept")))
        return responder.send(
            failure(406, ServerErrorCode,
                    QStringLiteral("this server answers with application/json: the Accept "
                                   "header must allow it")));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    // Qt reads only objects and arrays at the top: a lone number or string is valid JSON,
    // so it is an invalid request, not a parse error.
    const bool scalar = parseError.error != QJsonParseError::NoError &&
                        !QJsonDocument::fromJson("[" + request.body + "]").isNull();
    if (parseError.error != QJsonParseError::NoError && !scalar)
        return responder.send(failure(400, McpMessage::ParseError,
                                      QStringLiteral("Parse error: %1 at byte %2")
                                          .arg(parseError.errorString())
                                          .arg(parseError.offset)));
    if (!document.isArray() && !document.isObject())
        return responder.send(failure(400, McpMessage::InvalidRequest,
                                      QStringLiteral("a JSON-RPC message must be a JSON object")));
    const bool batch = document.isArray();
    const QJsonArray messages = batch ? document.array() : QJsonArray{document.object()};
    if (messages.isEmpty())
        return responder.send(failure(400, McpMessage::InvalidRequest,
                                      QStringLiteral("an empty JSON-RPC batch asks nothing")));

    // initialize opens a session and must come alone (never in a batch).
    bool initializes = false;
    for (const QJsonValue &each : messages)
        initializes = initializes || each.toObject().value(QLatin1StringView("method")) ==
                                         QLatin1StringView("initialize");
    if (initializes && batch)
        return responder.send(
            failure(400, McpMessage::InvalidRequest,
                    QStringLiteral("initialize must be sent on its own, not in a batch")));
    if (initializes) {
        const McpMessage message = McpMessage::read(messages.first());
        if (message.kind == McpMessage::Kind::Request)
            return initialize(*user, message, std::move(responder));
    }

    const Expected<McpSessions::Session> session = sessionOf(*user, request);
    if (!session) {
        const int code = session.error().status == 404 ? NoSessionCode : ServerErrorCode;
        return responder.send(failure(session.error().status, code, session.error().message));
    }
    if (batch && !McpProtocolVersion::allowsBatches(session->protocolVersion))
        return responder.send(
            failure(400, McpMessage::InvalidRequest,
                    QStringLiteral("JSON-RPC batches are not part of MCP %1: send one message "
                                   "per request")
                        .arg(session->protocolVersion)));
    dispatch(*user, messages, batch, std::move(responder));
}

void McpRoutes::initialize(const User &user, const McpMessage &message, HttpResponder responder)
{
    const QJsonValue requested = message.params.value(QLatin1StringView("protocolVersion"));
    if (!requested.isString()) {
        HttpResponse response;
        response.body =
            QJsonDocument(McpMessage::error(message.id, McpMessage::InvalidParams,
                                            QStringLiteral("initialize needs a protocolVersion")))
                .toJson(QJsonDocument::Compact);
        return responder.send(std::move(response));
    }
    const QString version = McpProtocolVersion::negotiate(requested.toString());
    const QString sessionId = m_sessions.open(user.id, version);
    qCInfo(lcMcp) << "session opened for" << user.username << "speaking" << version;
    HttpResponse response;
    response.body =
        QJsonDocument(McpMessage::result(message.id, McpMethods::initializeResult(version)))
            .toJson(QJsonDocument::Compact);
    response.headers.append(Field{SessionHeader, sessionId.toLatin1()});
    responder.send(std::move(response));
}

void McpRoutes::dispatch(const User &user, const QJsonArray &messages, bool batch,
                         HttpResponder responder)
{
    std::vector<McpMessage> answered; // requests and invalid messages, in order
    for (const QJsonValue &each : messages) {
        McpMessage message = McpMessage::read(each);
        // Notifications (initialized, cancelled, ...) and the client's responses need no answer.
        if (message.kind == McpMessage::Kind::Notification ||
            message.kind == McpMessage::Kind::Response)
            continue;
        answered.push_back(std::move(message));
    }
    if (answered.empty()) {
        HttpResponse accepted;
        accepted.status = 202;
        accepted.contentType.clear();
        return responder.send(std::move(accepted));
    }
    if (!batch && answered.front().kind == McpMessage::Kind::Invalid)
        return responder.send(failure(400, McpMessage::InvalidRequest, answered.front().problem));
    const std::shared_ptr<McpReplyCollector> collector =
        McpReplyCollector::create(std::move(responder), answered.size(), batch);
    for (std::size_t slot = 0; slot < answered.size(); ++slot) {
        const McpMessage &message = answered[slot];
        if (message.kind == McpMessage::Kind::Invalid) {
            collector->fill(
                slot, McpMessage::error(message.id, McpMessage::InvalidRequest, message.problem));
            continue;
        }
        m_methods.answer(user, message, [collector, slot](const QJsonObject &response) {
            collector->fill(slot, response);
        });
    }
}

HttpResponse McpRoutes::end(const HttpRequest &request)
{
    const Expected<User> user = m_context.authenticate(request);
    if (!user)
        return failure(user.error());
    const QString sessionId = QString::fromLatin1(request.header(SessionHeader).trimmed());
    if (sessionId.isEmpty())
        return failure(400, ServerErrorCode,
                       QStringLiteral("the Mcp-Session-Id header names the session to end"));
    if (!m_sessions.close(sessionId, user->id))
        return failure(404, NoSessionCode, QStringLiteral("MCP session not found"));
    qCInfo(lcMcp) << "session ended by" << user->username;
    HttpResponse response;
    response.body = "{\"status\":true}";
    return response;
}

} // namespace spaces
