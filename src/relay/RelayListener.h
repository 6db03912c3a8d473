#pragma once

#include "RelayEventHandler.h"
#include "UniqueFd.h"

#include <QtGlobal>
#include <atomic>

namespace spaces {

class RelayLoop;
class RelayLoopPool;

// The listening socket of one PortRelay, watched by one loop (its home): accepts every pending
// connection and hands each to a loop of the pool in turn, where a RelaySession relays it.
class RelayListener final : public RelayEventHandler
{
public:
    RelayListener(UniqueFd socket, quint16 targetPort, RelayLoopPool &pool, RelayLoop &home);
    RelayListener(const RelayListener &) = delete;
    RelayListener &operator=(const RelayListener &) = delete;

    // Registers the socket with the home loop; returns 0 or an errno.
    int start();
    // On the home loop: stops accepting and closes the socket, which frees the port and resets
    // the clients still waiting in the backlog.
    void stop();
    RelayLoop &home() const { return m_home; }

    void handleEvents(std::uint32_t events) override;
    // Accepts until the backlog is empty; on running out of descriptors or memory it pauses
    // instead, since the socket stays readable and retrying at once would spin.
    void acceptPending();

    quint16 targetPort() const { return m_targetPort; }
    int activeConnections() const { return m_active.load(std::memory_order_relaxed); }
    // By the session that ends an accepted connection, on its loop.
    void connectionEnded() { m_active.fetch_sub(1, std::memory_order_relaxed); }

private:
    UniqueFd m_socket;
    const quint16 m_targetPort;
    RelayLoopPool &m_pool;
    RelayLoop &m_home;
    std::atomic<int> m_active{0};
};

} // namespace spaces
