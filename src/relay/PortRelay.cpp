#include "PortRelay.h"

#include "RelayListener.h"
#include "RelayLoop.h"
#include "RelayLoopPool.h"

#include <cerrno>
#include <future>
#include <netinet/in.h>
#include <sys/socket.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace spaces {

namespace {

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

    // Non-blocking: the loop drains the backlog until EAGAIN (edge-triggered) and must never
    // block in accept() when a queued connection was reset in the meantime.
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

    std::shared_ptr<RelayLoopPool> pool;
    try {
        pool = RelayLoopPool::acquire();
    } catch (const std::system_error &exception) {
        return fail(exception.code().value());
    }
    RelayLoop &home = pool->next();
    std::unique_ptr<PortRelay> relay(new PortRelay(pool, ntohs(address.sin_port), targetPort));
    relay->m_listener =
        std::make_unique<RelayListener>(std::move(listener), targetPort, *pool, home);
    if (const int code = relay->m_listener->start()) {
        relay->m_listener.reset(); // never watched: nothing to stop on the loop
        return fail(code);
    }
    return relay;
}

PortRelay::PortRelay(std::shared_ptr<RelayLoopPool> pool, quint16 listenPort, quint16 targetPort)
    : m_listenPort(listenPort)
    , m_targetPort(targetPort)
    , m_pool(std::move(pool))
{}

PortRelay::~PortRelay()
{
    if (m_listener) {
        RelayListener *listener = m_listener.get();
        // First no new connections: once this has run, every hand-over of an accepted client to
        // another loop is already queued there, ahead of the close posted below.
        listener->home().runAndWait([listener] { listener->stop(); });
        // Then close this relay's connections on every loop, all loops in parallel.
        std::vector<std::future<void>> closed;
        for (const auto &loop : m_pool->loops()) {
            auto done = std::make_shared<std::promise<void>>();
            closed.push_back(done->get_future());
            loop->post([&loop, listener, done] {
                loop->closeSessionsOf(listener);
                done->set_value();
            });
        }
        for (const std::future<void> &future : closed) {
            future.wait();
        }
        m_listener.reset();
    }
    // The last relay of the process joins the loop threads here.
    m_pool.reset();
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
    return m_listener ? m_listener->activeConnections() : 0;
}

} // namespace spaces
