#include "RelayConnection.h"

#include "RelayPump.h"

#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/socket.h>
#include <system_error>

namespace spaces {

namespace {

// The relay forwards whatever arrives as soon as it arrives; Nagle's algorithm would hold back
// the tail of a reply until the previous segment is acknowledged and add latency to interactive
// protocols that the original sender never asked for. Bulk throughput measured the same.
void disableNagle(int fd)
{
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

} // namespace

RelayConnection::RelayConnection(UniqueFd client, quint16 targetPort,
                                 std::function<void()> onFinished)
    : m_targetPort(targetPort)
    , m_onFinished(std::move(onFinished))
    , m_client(std::move(client))
{}

RelayConnection::~RelayConnection()
{
    abort();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

void RelayConnection::start()
{
    m_thread = std::thread([this] { run(); });
}

void RelayConnection::abort()
{
    const std::lock_guard lock(m_mutex);
    m_aborted = true;
    // shutdown() rather than close(): it wakes threads blocked on the sockets while keeping the
    // descriptor numbers valid until the connection thread closes them itself.
    if (m_client.isValid()) {
        ::shutdown(m_client.get(), SHUT_RDWR);
    }
    if (m_target.isValid()) {
        ::shutdown(m_target.get(), SHUT_RDWR);
    }
}

void RelayConnection::run()
{
    // Named so that the relay's threads are recognisable in top, perf and debuggers. SIGPIPE needs
    // no handling here: the only writes are send(MSG_NOSIGNAL) in RelayPump.
    pthread_setname_np(pthread_self(), "relay-forward");
    if (connectTarget()) {
        const int client = m_client.get();
        const int target = m_target.get();
        disableNagle(client);
        disableNagle(target);
        try {
            std::thread backwards([client, target] {
                pthread_setname_np(pthread_self(), "relay-backward");
                relay(target, client);
            });
            relay(client, target);
            backwards.join();
        } catch (const std::system_error &) {
            // No thread for the second direction: give up on this connection rather than relay
            // only half of it. Closing below tells the client.
        }
    }
    closeSockets();
    m_finished.store(true, std::memory_order_release);
    m_onFinished();
}

bool RelayConnection::connectTarget()
{
    UniqueFd socket(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!socket.isValid()) {
        return false;
    }
    const int fd = socket.get();
    {
        // Published before connect() so that abort() can interrupt a connect() that hangs
        // (e.g. the target's accept backlog is full).
        const std::lock_guard lock(m_mutex);
        if (m_aborted) {
            return false;
        }
        m_target = std::move(socket);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(m_targetPort);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    while (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        if (errno != EINTR) {
            return false; // typically ECONNREFUSED: nothing listens on the target port
        }
    }
    return true;
}

void RelayConnection::relay(int from, int to)
{
    RelayPump pump;
    switch (pump.run(from, to)) {
    case RelayPump::Result::SourceEof:
        // Half-close: pass the EOF on and keep the other direction running until it ends too.
        ::shutdown(to, SHUT_WR);
        break;
    case RelayPump::Result::SourceFailed:
        // The source is broken, so nothing more can be delivered to it either: end the other
        // direction as well (SHUT_RD wakes its blocked read of `to`) and tell `to` we are done.
        ::shutdown(to, SHUT_RDWR);
        break;
    case RelayPump::Result::SinkFailed:
        // The sink is broken; stop reading from the source. The other direction reads from the
        // broken sink and therefore ends on its own, after delivering what was still queued.
        ::shutdown(from, SHUT_RD);
        ::shutdown(to, SHUT_WR);
        break;
    }
}

void RelayConnection::closeSockets()
{
    const std::lock_guard lock(m_mutex);
    m_client.reset();
    m_target.reset();
}

} // namespace spaces
