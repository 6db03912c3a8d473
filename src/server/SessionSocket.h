#pragma once

#include "WebSocketHandler.h"

#include <QMetaObject>
#include <QtGlobal>

namespace spaces {

// The transport's handler for one socket of routes that keep their sessions by id (run
// streams, terminals, tunnels). It forwards to the routes by id, so that nothing of a session
// is touched after the session went, and a socket that never opened (the client left during
// the upgrade) still ends its session.
//
// Routes provides socketOpened(id, channel), socketReceived(id, message, binary) and
// socketGone(id), lives on the server thread and outlives the transport's threads.
template<typename Routes> class SessionSocket final : public WebSocketHandler
{
public:
    SessionSocket(Routes *routes, quint64 id)
        : m_routes(routes)
        , m_id(id)
    {}
    // May run on an I/O thread: the routes hear of it on their own thread.
    ~SessionSocket() override
    {
        QMetaObject::invokeMethod(
            m_routes, [routes = m_routes, id = m_id] { routes->socketGone(id); },
            Qt::QueuedConnection);
    }
    void opened(std::shared_ptr<WebSocketChannel> channel) override
    {
        m_routes->socketOpened(m_id, std::move(channel));
    }
    void received(const QByteArray &message, bool binary) override
    {
        m_routes->socketReceived(m_id, message, binary);
    }
    void closed() override { m_routes->socketGone(m_id); }

private:
    Routes *m_routes;
    quint64 m_id;
};

} // namespace spaces
