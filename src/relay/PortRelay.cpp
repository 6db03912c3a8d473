#include "PortRelay.h"

#include "RelayConnection.h"

#include <cerrno>
#include <cstdint>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <system_error>
#include <unistd.h>

namespace spaces {

namespace {

// Pause after running out of descriptors or memory: the listener stays readable, so retrying at
// once would spin. Short enough that service resumes quickly once resources are back.
constexpr int kAcceptBackoffMs = 100;

QString systemMessage(int error)
{
    QString message = QString::fromStdString(std::generic_category().message(error));
    if (!message.isEmpty()) {
        message[0] = message[0].toLower(); // it continues a sentence
    }
    return message;
}

QString listenError(quint16 port, int error)
{
    if (error == EADDRINUSE) {
        return QStringLiteral("local port %1 is already in use").arg(port);
    }
    if (error == EACCES || error == EPERM) {
        return QStringLiteral("cannot listen on local port %1: permission denied").arg(port);
    }
    return QStringLiteral("cannot listen on local port %1: %2").arg(port).arg(systemMessage(error));
}

} // namespace

std::unique_ptr<PortRelay> PortRelay::open(quint16 listenPort, quint16 targetPort, QString *error)
{
    const auto fail = [&](int code) {
        if (error) {
            *error = listenError(listenPort, code);
        }
        return std::unique_ptr<PortRelay>();
    };

    // Non-blocking so that the accept loop can drain the backlog and never block in accept()
    // when a queued connection was reset between poll() and accept().
    UniqueFd listener(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!listener.isValid()) {
        return fail(errno);
    }
    // A stopped forward's port must be reusable at once, even while its closed connections are
    // still in TIME_WAIT.
    const int on = 1;
    if (::setsockopt(listener.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0) {
        return fail(errno);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(listenPort);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener.get(), reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        return fail(errno);
    }
    // With SO_REUSEADDR, bind() can succeed next to another socket that is merely bound, and the
    // conflict only shows up here, also as EADDRINUSE.
    if (::listen(listener.get(), SOMAXCONN) != 0) {
        return fail(errno);
    }
    socklen_t length = sizeof address;
    if (::getsockname(listener.get(), reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        return fail(errno);
    }
    UniqueFd wakeup(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!wakeup.isValid()) {
        return fail(errno);
    }

    std::unique_ptr<PortRelay> relay(
        new PortRelay(std::move(listener), std::move(wakeup), ntohs(address.sin_port), targetPort));
    try {
        relay->m_acceptThread = std::thread([raw = relay.get()] { raw->acceptLoop(); });
    } catch (const std::system_error &exception) {
        return fail(exception.code().value());
    }
    return relay;
}

PortRelay::PortRelay(UniqueFd listener, UniqueFd wakeup, quint16 listenPort, quint16 targetPort)
    : m_listenPort(listenPort)
    , m_targetPort(targetPort)
    , m_listener(std::move(listener))
    , m_wakeup(std::move(wakeup))
{}

PortRelay::~PortRelay()
{
    m_stopping.store(true);
    wake();
    if (m_acceptThread.joinable()) {
        m_acceptThread.join();
    }
    // No new connections from here on. Closing the listener frees the port and resets clients
    // still waiting in the backlog.
    m_listener.reset();

    std::list<std::unique_ptr<RelayConnection>> connections;
    {
        const std::lock_guard lock(m_mutex);
        connections.swap(m_connections);
    }
    // Abort all first so they wind down in parallel, then join them one by one.
    for (const auto &connection : connections) {
        connection->abort();
    }
    connections.clear();
    // Only now: finishing connections signal the eventfd until they are joined.
    m_wakeup.reset();
}

quint16 PortRelay::listenPort() const
{
    return m_listenPort;
}

quint16 PortRelay::targetPort() const
{
    return m_targetPort;
}

int PortRelay::activeConnections() const
{
    return m_active.load();
}

void PortRelay::acceptLoop()
{
    pthread_setname_np(pthread_self(), "relay-accept");
    pollfd fds[2] = {{m_listener.get(), POLLIN, 0}, {m_wakeup.get(), POLLIN, 0}};
    while (!m_stopping.load()) {
        if (::poll(fds, 2, -1) < 0) {
            continue; // EINTR; nothing else is expected for valid descriptors
        }
        if (fds[1].revents & POLLIN) {
            std::uint64_t count = 0;
            [[maybe_unused]] const ssize_t ignored = ::read(m_wakeup.get(), &count, sizeof count);
            reapFinished();
        }
        if (m_stopping.load()) {
            break;
        }
        if ((fds[0].revents & POLLIN) && !acceptPending()) {
            pollfd wakeOnly = fds[1];
            ::poll(&wakeOnly, 1, kAcceptBackoffMs);
        }
    }
}

bool PortRelay::acceptPending()
{
    for (;;) {
        const int client = ::accept4(m_listener.get(), nullptr, nullptr, SOCK_CLOEXEC);
        if (client >= 0) {
            startConnection(client);
            continue;
        }
        switch (errno) {
        case EAGAIN:
            return true;
        case EMFILE:
        case ENFILE:
        case ENOBUFS:
        case ENOMEM:
            return false;
        default:
            // ECONNABORTED, EINTR, EPROTO and the like concern a single pending connection.
            continue;
        }
    }
}

void PortRelay::startConnection(int clientFd)
{
    UniqueFd client(clientFd); // closed on every early return below
    // Built in a one-element list so that handing it to m_connections afterwards cannot fail.
    std::list<std::unique_ptr<RelayConnection>> entry;
    try {
        entry.push_back(std::make_unique<RelayConnection>(std::move(client), m_targetPort, [this] {
            m_active.fetch_sub(1);
            wake();
        }));
    } catch (const std::bad_alloc &) {
        return; // out of memory: drop this client
    }
    m_active.fetch_add(1);
    try {
        entry.front()->start();
    } catch (const std::system_error &) {
        m_active.fetch_sub(1);
        return; // no thread available: drop this client (destroying the entry closes it)
    }
    // A connection that has already finished is fine here: its wake-up is handled by this same
    // thread, so it is only reaped after being added.
    const std::lock_guard lock(m_mutex);
    m_connections.splice(m_connections.end(), entry);
}

void PortRelay::reapFinished()
{
    std::list<std::unique_ptr<RelayConnection>> finished;
    {
        const std::lock_guard lock(m_mutex);
        for (auto it = m_connections.begin(); it != m_connections.end();) {
            const auto next = std::next(it);
            if ((*it)->isFinished()) {
                finished.splice(finished.end(), m_connections, it);
            }
            it = next;
        }
    }
    // Joined outside the lock; their threads have already returned or are about to.
}

void PortRelay::wake()
{
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t ignored = ::write(m_wakeup.get(), &one, sizeof one);
}

} // namespace spaces
