#include "ApiServer.h"

#include "HttpJson.h"

namespace spaces {

ApiServer::ApiServer(Store &store, const SpacePaths &paths, std::chrono::milliseconds stopGrace,
                     const HttpLimits &limits, LongOperationQueue::Limits longOperations,
                     QObject *parent)
    : QObject(parent)
    , m_forwards(store)
    , m_runtime(store, paths, stopGrace)
    , m_longOperations(longOperations)
    , m_reader(store.path())
    , m_context(store, m_events, m_runtime, m_forwards, m_longOperations)
    , m_forwardService(store, m_forwards)
    , m_spaces(store, m_reader, m_events, m_runtime, m_forwardService, m_longOperations)
    , m_commands(store, m_runtime, m_longOperations)
    , m_catalog(store)
    , m_spaceRoutes(m_context, m_spaces)
    , m_executionRoutes(m_context, m_commands)
    , m_forwardRoutes(m_context, m_forwardService)
    , m_catalogRoutes(m_context, m_catalog)
    , m_logRoutes(m_context)
    , m_terminalRoutes(m_context)
    , m_tunnelRoutes(m_context)
    , m_mcpTools(m_context, m_spaces, m_commands, m_catalog, m_forwardService)
    , m_mcpRoutes(m_context, m_mcpTools)
    , m_http(limits, *this, *this)
{
    m_spaceRoutes.install(m_router);
    m_executionRoutes.install(m_router);
    m_forwardRoutes.install(m_router);
    m_catalogRoutes.install(m_router);
    m_logRoutes.install(m_router);
    m_terminalRoutes.install(m_router);
    m_tunnelRoutes.install(m_router);
    m_mcpRoutes.install(m_router);
}

ApiServer::~ApiServer()
{
    m_http.stop();
}

Expected<quint16> ApiServer::listen(const QHostAddress &address, quint16 port,
                                    const HttpServer::TlsFiles *tls)
{
    const Expected<quint16> bound = m_http.listen(address, port, tls);
    if (bound)
        m_runtime.remote().setServer(address, *bound, tls ? tls->certificate : QString());
    return bound;
}

HttpResponse ApiServer::noSuchRoute(const HttpRequest &request)
{
    return HttpJson::error(
        ApiError::notFound(QStringLiteral("no such route: %1 %2")
                               .arg(QString::fromLatin1(request.method), request.path)));
}

std::optional<HttpResponse> ApiServer::admit(const HttpRequest &head)
{
    // Every route needs a token: check it before the transport reads any body, so a client
    // without one never makes the server read (or hold) what it sends.
    if (!m_router.match(head))
        return noSuchRoute(head);
    // MCP checks the Origin too and names the auth scheme in its 401.
    if (McpRoutes::handles(head))
        return m_mcpRoutes.admit(head);
    if (const Expected<User> user = m_context.authenticate(head); !user)
        return HttpJson::error(user.error());
    return std::nullopt;
}

void ApiServer::handle(const HttpRequest &request, HttpResponder responder)
{
    const std::optional<Router::Match> match = m_router.match(request);
    if (!match)
        return responder.send(noSuchRoute(request));
    (*match->handler)(request, match->arguments, std::move(responder));
}

} // namespace spaces
