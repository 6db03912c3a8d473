#pragma once

#include "ApiContext.h"
#include "HttpResponder.h"
#include "HttpResponse.h"
#include "McpMessage.h"
#include "McpMethods.h"
#include "McpSessions.h"
#include "McpTools.h"

#include <QJsonArray>
#include <optional>

namespace spaces {

class Router;

// /mcp: the Model Context Protocol over the Streamable HTTP transport. POST carries JSON-RPC
// (an initialize opens a session, Mcp-Session-Id, which every later message names; answers
// are application/json, notifications and responses 202), DELETE ends a session, GET (a
// server-initiated stream, which this server has no use for) is 405. Every request is
// checked for a loopback Origin (DNS rebinding) and a bearer token before its body is read.
class McpRoutes final
{
public:
    McpRoutes(ApiContext &context, McpTools &tools)
        : m_context(context)
        , m_methods(tools)
    {}

    void install(Router &router);
    static bool handles(const HttpRequest &head);
    // Origin and token, from the head alone: 403 or 401 (with WWW-Authenticate), else nothing.
    std::optional<HttpResponse> admit(const HttpRequest &head) const;

private:
    void post(const HttpRequest &request, HttpResponder responder);
    HttpResponse end(const HttpRequest &request);
    static HttpResponse refuseStream(const HttpRequest &request);

    void initialize(const User &user, const McpMessage &message, HttpResponder responder);
    // The session the request names, checked: 400 without one, 404 for an unknown one, 400
    // for a protocol version header that does not match it.
    Expected<McpSessions::Session> sessionOf(const User &user, const HttpRequest &request) const;
    void dispatch(const User &user, const QJsonArray &messages, bool batch,
                  HttpResponder responder);

    // An HTTP error whose body is a JSON-RPC error without id, as MCP clients read them.
    static HttpResponse failure(int status, int code, const QString &sentence);
    static HttpResponse failure(const ApiError &error);
    static bool isLoopbackOrigin(const QByteArray &origin);

    ApiContext &m_context;
    McpMethods m_methods;
    McpSessions m_sessions;
};

} // namespace spaces
