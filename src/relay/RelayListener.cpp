#include "RelayListener.h"

#include "RelayLogging.h"
#include "RelayLoop.h"
#include "RelayLoopPool.h"
#include "RelaySession.h"

#include <cerrno>
#include <chrono>
#include <sys/epoll.h>
#include <sys/socket.h>

namespace spaces {

namespace {

// Pause after running out of descriptors or memory. Short enough that service resumes quickly
// once resources are back.
constexpr std::chrono::milliseconds kAcceptBackoff{100};

} // namespace

RelayListener::RelayListener(UniqueFd socket, quint16 targetPort, RelayLoopPool &pool,
                             RelayLoop &home)
    : m_socket(std::move(socket))
    , m_targetPort(targetPort)
    , m_pool(pool)
    , m_home(home)
{}

int RelayListener::start()
{
    return m_home.watch(m_socket.get(), EPOLLIN | EPOLLET, this);
}

void RelayListener::stop()
{
    if (!m_socket.isValid()) {
        return;
    }
    m_home.cancelResume(this);
    m_home.unwatch(m_socket.get());
    m_socket.reset();
}

void RelayListener::handleEvents(std::uint32_t)
{
    acceptPending();
}

void RelayListener::acceptPending()
{
    while (m_socket.isValid()) {
        const int client =
            ::accept4(m_socket.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (client < 0) {
            switch (errno) {
            case EAGAIN:
                return;
            case EMFILE:
            case ENFILE:
            case ENOBUFS:
            case ENOMEM:
                qCInfo(lcRelay, "port %u: out of descriptors or memory, accepting again in %lld ms",
                       unsigned(m_targetPort), static_cast<long long>(kAcceptBackoff.count()));
                m_home.resumeLater(this, kAcceptBackoff);
                return;
            default:
                // ECONNABORTED, EINTR, EPROTO and the like concern a single pending connection.
                continue;
            }
        }
        m_active.fetch_add(1, std::memory_order_relaxed);
        RelayLoop &loop = m_pool.next();
        if (&loop == &m_home) {
            RelaySession::start(loop, UniqueFd(client), *this);
        } else {
            // The session is created on its own loop so that it is touched by that thread only.
            // PortRelay's destructor stops this listener before it closes the sessions of every
            // loop, so this task always runs before that.
            loop.post(
                [&loop, client, this] { RelaySession::start(loop, UniqueFd(client), *this); });
        }
    }
}

} // namespace spaces
