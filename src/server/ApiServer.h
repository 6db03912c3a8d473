#pragma once

#include "ApiContext.h"
#include "CatalogRoutes.h"
#include "CatalogService.h"
#include "CommandService.h"
#include "EventHub.h"
#include "ExecutionRoutes.h"
#include "ForwardRoutes.h"
#include "ForwardService.h"
#include "HttpHandler.h"
#include "HttpServer.h"
#include "LocalRuntime.h"
#include "LogRoutes.h"
#include "LongOperationQueue.h"
#include "McpRoutes.h"
#include "McpTools.h"
#include "PortForwards.h"
#include "Router.h"
#include "SpaceReader.h"
#include "SpaceRoutes.h"
#include "SpaceService.h"
#include "TerminalRoutes.h"
#include "TunnelRoutes.h"

#include <QHostAddress>
#include <QObject>

namespace spaces {

class Store;

// The Knot-compatible spaces API: wires the routes to the Store, the runtime, the port
// forwards and the event hub, and serves them through the transport. Routes and Store run on
// this object's (the Qt main) thread; the transport does the I/O on threads of its own.
class ApiServer final : public QObject, public HttpHandler
{
    Q_OBJECT

public:
    ApiServer(Store &store, const SpacePaths &paths, std::chrono::milliseconds stopGrace,
              const HttpLimits &limits, LongOperationQueue::Limits longOperations,
              QObject *parent = nullptr);
    ~ApiServer() override;

    Expected<quint16> listen(const QHostAddress &address, quint16 port,
                             const HttpServer::TlsFiles *tls = nullptr);
    // At server start: adopts the spaces still running, marks the others stopped.
    void adopt() { m_spaces.adopt(); }
    // What spaces are told about this server (the Remote environment).
    RemoteEnvironment &remote() { return m_runtime.remote(); }

    std::optional<HttpResponse> admit(const HttpRequest &head) override;
    void handle(const HttpRequest &request, HttpResponder responder) override;

private:
    static HttpResponse noSuchRoute(const HttpRequest &request);

    EventHub m_events;
    PortForwards m_forwards;
    LocalRuntime m_runtime;
    LongOperationQueue m_longOperations;
    SpaceReader m_reader;
    ApiContext m_context;
    ForwardService m_forwardService;
    SpaceService m_spaces;
    CommandService m_commands;
    CatalogService m_catalog;
    SpaceRoutes m_spaceRoutes;
    ExecutionRoutes m_executionRoutes;
    ForwardRoutes m_forwardRoutes;
    CatalogRoutes m_catalogRoutes;
    LogRoutes m_logRoutes;
    TerminalRoutes m_terminalRoutes;
    TunnelRoutes m_tunnelRoutes;
    // The MCP server: the same services, in-process.
    McpTools m_mcpTools;
    McpRoutes m_mcpRoutes;
    Router m_router;
    // Last, so it goes first: its I/O threads stop before anything they call into.
    HttpServer m_http;
};

} // namespace spaces
