#pragma once

#include "ApiContext.h"
#include "CatalogRoutes.h"
#include "EventHub.h"
#include "ExecutionRoutes.h"
#include "ForwardRoutes.h"
#include "LocalRuntime.h"
#include "PortForwards.h"
#include "SpaceRoutes.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QObject>

namespace spaces {

class Store;

// The Knot-compatible spaces API on loopback: wires the routes to the Store, the runtime,
// the port forwards and the event hub.
class ApiServer final : public QObject
{
    Q_OBJECT

public:
    ApiServer(Store &store, const SpacePaths &paths, std::chrono::milliseconds stopGrace,
              QObject *parent = nullptr);
    ~ApiServer() override;

    // Returns the port listened on, or 0 with *error set.
    quint16 listen(const QHostAddress &address, quint16 port, QString *error);
    LocalRuntime &runtime() { return m_runtime; }

private:
    EventHub m_events;
    PortForwards m_forwards;
    LocalRuntime m_runtime;
    ApiContext m_context;
    SpaceRoutes m_spaceRoutes;
    ExecutionRoutes m_executionRoutes;
    ForwardRoutes m_forwardRoutes;
    CatalogRoutes m_catalogRoutes;
    // Last, so it goes first: its handlers refer to everything above.
    QHttpServer m_http;
};

} // namespace spaces
