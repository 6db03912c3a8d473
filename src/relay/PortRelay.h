#pragma once

#include "UniqueFd.h"

#include <QString>
#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

namespace spaces {

class RelayConnection;

// A TCP relay for port forwards: listens on 127.0.0.1:listenPort and pipes every accepted
// connection to 127.0.0.1:targetPort, both directions, until both have ended (half-close is
// honoured). Everything runs on the relay's own threads with blocking system calls, so it works
// from any thread and needs no Qt event loop.
class PortRelay final
{
public:
    // Binds 127.0.0.1:listenPort and starts accepting. Returns nullptr and sets *error to a
    // user-facing sentence on failure, e.g. "local port 8080 is already in use" (EADDRINUSE)
    // or "cannot listen on local port 80: permission denied".
    // listenPort 0 picks a free port; listenPort() then reports it.
    static std::unique_ptr<PortRelay> open(quint16 listenPort, quint16 targetPort, QString *error);
    // Stops: closes the listener, ends every active connection and joins all threads. Returns
    // only when everything is released (the port can be bound again immediately).
    ~PortRelay();
    quint16 listenPort() const;
    quint16 targetPort() const;
    int activeConnections() const; // thread-safe
    PortRelay(const PortRelay &) = delete;
    PortRelay &operator=(const PortRelay &) = delete;

private:
    PortRelay(UniqueFd listener, UniqueFd wakeup, quint16 listenPort, quint16 targetPort);

    void acceptLoop();
    // Returns false when accepting must pause (out of descriptors or memory).
    bool acceptPending();
    void startConnection(int clientFd);
    void reapFinished();
    void wake();

    const quint16 m_listenPort;
    const quint16 m_targetPort;
    UniqueFd m_listener;
    // eventfd that interrupts the accept loop's poll(): on stop, and whenever a connection has
    // finished so that its threads are joined and its memory released without delay.
    UniqueFd m_wakeup;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_active{0};

    std::mutex m_mutex; // guards m_connections
    std::list<std::unique_ptr<RelayConnection>> m_connections;

    std::thread m_acceptThread;
};

} // namespace spaces
