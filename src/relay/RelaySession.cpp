#include "RelaySession.h"

#include "RelayListener.h"
#include "RelayLogging.h"
#include "RelayLoop.h"

#include <cerrno>
#include <cstring>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>

namespace spaces {

namespace {

// Both sockets stay registered for everything, edge-triggered, for the whole connection: a
// direction whose sink is full simply stops calling splice() on its source until the sink
// reports writable, so back-pressure costs no epoll_ctl() per stall.
constexpr std::uint32_t kSocketEvents = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;

// The relay forwards whatever arrives as soon as it arrives; Nagle's algorithm would hold back
// the tail of a reply until the previous segment is acknowledged and add latency to interactive
// protocols that the original sender never asked for. Bulk throughput measured the same.
void disableNagle(int fd)
{
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

} // namespace

void RelaySession::start(RelayLoop &loop, UniqueFd client, RelayListener &owner)
{
    UniqueFd target(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    bool connected = false;
    if (target.isValid()) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(owner.targetPort());
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int result = 0;
        do {
            result = ::connect(target.get(), reinterpret_cast<const sockaddr *>(&address),
                               sizeof address);
        } while (result != 0 && errno == EINTR);
        connected = result == 0;
        if (result != 0 && errno != EINPROGRESS) {
            qCDebug(lcRelay, "port %u: connect failed: %s", unsigned(owner.targetPort()),
                    std::strerror(errno));
            target.reset(); // typically ECONNREFUSED: nothing listens on the target port
        }
    }
    std::unique_ptr<RelaySession> session;
    if (target.isValid()) {
        try {
            session =
                std::make_unique<RelaySession>(loop, std::move(client), std::move(target), owner);
        } catch (const std::bad_alloc &) {
        }
    }
    if (!session || !session->m_upstream.isValid() || !session->m_downstream.isValid() ||
        !session->watchBoth()) {
        // Closing the client (if the session did not take it) tells it at once.
        owner.connectionEnded();
        return;
    }
    RelaySession *raw = session.get();
    loop.adopt(std::move(session));
    if (connected) {
        raw->finishConnect();
    }
}

RelaySession::RelaySession(RelayLoop &loop, UniqueFd client, UniqueFd target, RelayListener &owner)
    : m_loop(loop)
    , m_owner(owner)
    , m_client(std::move(client))
    , m_target(std::move(target))
{}

bool RelaySession::watchBoth()
{
    if (m_loop.watch(m_client.get(), kSocketEvents, &m_clientSide) != 0) {
        return false;
    }
    if (m_loop.watch(m_target.get(), kSocketEvents, &m_targetSide) != 0) {
        m_loop.unwatch(m_client.get());
        return false;
    }
    return true;
}

void RelaySession::Side::handleEvents(std::uint32_t events)
{
    if (m_isTarget) {
        m_session.onTargetEvents(events);
    } else {
        m_session.onClientEvents(events);
    }
}

void RelaySession::onClientEvents(std::uint32_t events)
{
    if (m_closed) {
        return; // closed earlier in the same batch of events
    }
    if (m_connecting) {
        // Nothing to relay before the target answers; what the client sends waits in its
        // socket and is read once connected. A client that gives up ends the attempt.
        if (events & (EPOLLERR | EPOLLHUP)) {
            close();
        }
        return;
    }
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
        pumpUpstream();
    }
    if (!m_closed && (events & (EPOLLOUT | EPOLLHUP | EPOLLERR))) {
        pumpDownstream();
    }
}

void RelaySession::onTargetEvents(std::uint32_t events)
{
    if (m_closed) {
        return;
    }
    if (m_connecting) {
        if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
            return;
        }
        int error = 0;
        socklen_t length = sizeof error;
        if (::getsockopt(m_target.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0 ||
            error != 0) {
            qCDebug(lcRelay, "port %u: connect failed: %s", unsigned(m_owner.targetPort()),
                    std::strerror(error));
            close(); // refused or unreachable: the client sees its connection end
            return;
        }
        finishConnect();
        return;
    }
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
        pumpDownstream();
    }
    if (!m_closed && (events & (EPOLLOUT | EPOLLHUP | EPOLLERR))) {
        pumpUpstream();
    }
}

void RelaySession::finishConnect()
{
    m_connecting = false;
    disableNagle(m_client.get());
    disableNagle(m_target.get());
    // Edge-triggered: whatever arrived while connecting raised its edge already, so pump now.
    pumpUpstream();
    if (!m_closed) {
        pumpDownstream();
    }
}

void RelaySession::pumpUpstream()
{
    afterPump(m_upstream.pump(m_client.get(), m_target.get()));
}

void RelaySession::pumpDownstream()
{
    afterPump(m_downstream.pump(m_target.get(), m_client.get()));
}

void RelaySession::afterPump(SplicePipe::Progress progress)
{
    // A broken peer ends the whole connection: nothing more can be delivered to it, and closing
    // the other socket tells the other peer (with a reset if it still has data in flight).
    if (progress == SplicePipe::Progress::Failed ||
        (m_upstream.isFinished() && m_downstream.isFinished())) {
        close();
    }
}

void RelaySession::close()
{
    if (m_closed) {
        return;
    }
    m_closed = true;
    // close() also removes the sockets from the epoll set (nothing else holds them).
    m_client.reset();
    m_target.reset();
    m_upstream.close();
    m_downstream.close();
    m_owner.connectionEnded();
    m_loop.retire(this);
}

} // namespace spaces
