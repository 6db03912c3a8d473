#pragma once

#include "UniqueFd.h"

#include <QString>
#include <memory>

namespace spaces {

class RelayListener;
class RelayLoopPool;

// A TCP relay for port forwards: listens on 127.0.0.1:listenPort and pipes every accepted
// connection to 127.0.0.1:targetPort, both directions, until both have ended (half-close is
// honoured). Connections run on the event-loop threads that all relays of the process share
// (RelayLoopPool: one per core), so it works from any thread, needs no Qt event loop and costs
// no thread per connection.
class PortRelay final
{
public:
    // Binds 127.0.0.1:listenPort and starts accepting. Returns nullptr and sets *error to a
    // user-facing sentence on failure, e.g. "local port 8080 is already in use" (EADDRINUSE)
    // or "cannot listen on local port 80: permission denied".
    // listenPort 0 picks a free port; listenPort() then reports it.
    static std::unique_ptr<PortRelay> open(quint16 listenPort, quint16 targetPort, QString *error);
    // Stops: closes the listener and ends every active connection. Returns only when everything
    // is released (the port can be bound again immediately; the loop threads are joined once
    // the last relay of the process is gone).
    ~PortRelay();
    quint16 listenPort() const;
    quint16 targetPort() const;
    int activeConnections() const; // thread-safe
    PortRelay(const PortRelay &) = delete;
    PortRelay &operator=(const PortRelay &) = delete;

private:
    PortRelay(std::shared_ptr<RelayLoopPool> pool, quint16 listenPort, quint16 targetPort);

    const quint16 m_listenPort;
    const quint16 m_targetPort;
    std::shared_ptr<RelayLoopPool> m_pool;
    std::unique_ptr<RelayListener> m_listener;
};

} // namespace spaces
