#pragma once

#include "UniqueFd.h"

#include <QtGlobal>
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

namespace spaces {

// One accepted client connection of a PortRelay: connects to the target and relays both
// directions, each on its own thread (blocking calls, no event loop), honouring half-close.
// Both sockets are closed as soon as both directions have ended.
class RelayConnection final
{
public:
    // onFinished runs on the connection's thread after both sockets are closed; it must not
    // destroy this object (the owner reaps it later and joins).
    RelayConnection(UniqueFd client, quint16 targetPort, std::function<void()> onFinished);
    // Aborts the connection if it is still running and joins its threads.
    ~RelayConnection();
    RelayConnection(const RelayConnection &) = delete;
    RelayConnection &operator=(const RelayConnection &) = delete;

    // Starts the connection thread. Throws std::system_error if no thread can be created; the
    // client socket is then closed by the destructor as usual.
    void start();
    // Thread-safe and idempotent: shuts both sockets down, which wakes every blocked connect(),
    // recv() or send() of this connection so that its threads end promptly.
    void abort();
    bool isFinished() const { return m_finished.load(std::memory_order_acquire); }

private:
    void run();
    bool connectTarget();
    // One direction; applies the half-close / failure rules when it ends.
    static void relay(int from, int to);
    void closeSockets();

    const quint16 m_targetPort;
    const std::function<void()> m_onFinished;

    // Guards the descriptors against abort() racing with closeSockets(): abort() must never call
    // shutdown() on a number that has already been closed and possibly reused elsewhere.
    std::mutex m_mutex;
    UniqueFd m_client;
    UniqueFd m_target;
    bool m_aborted = false;

    std::atomic<bool> m_finished{false};
    std::thread m_thread;
};

} // namespace spaces
