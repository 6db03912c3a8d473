#include "TunnelRoutes.h"

#include "HttpJson.h"
#include "LocalRuntime.h"
#include "SessionSocket.h"
#include "TunnelSession.h"

namespace spaces {

TunnelRoutes::TunnelRoutes(ApiContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
{}

// Sessions are children: each closes its TCP connection as it goes.
TunnelRoutes::~TunnelRoutes() = default;

void TunnelRoutes::install(Router &router)
{
    router.add("GET", u"/proxy/spaces/<arg>/port/<arg>",
               [this](const HttpRequest &r, const QStringList &a, HttpResponder out) {
                   open(a[0], a[1], r, std::move(out));
               });
}

void TunnelRoutes::open(const QString &spaceKey, const QString &portText,
                        const HttpRequest &request, HttpResponder responder)
{
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, spaceKey);
    if (!access)
        return responder.send(HttpJson::error(access.error()));
    const Space &space = access->space;
    bool isNumber = false;
    const uint port = portText.toUInt(&isNumber);
    if (!isNumber || port < 1 || port > 65535) {
        return responder.send(HttpJson::error(ApiError::badRequest(
            QStringLiteral("Invalid remote port '%1': give a number from 1 to 65535")
                .arg(portText.left(20)))));
    }
    if (!space.isDeployed || space.isPending || m_context.runtime.isBusy(space.id)) {
        return responder.send(HttpJson::error(ApiError::conflict(
            QStringLiteral("Space is not running: start it to reach its ports"))));
    }
    const QString userId = access->user.id;
    if (m_openPerUser.value(userId) >= MaxTunnelsPerUser) {
        return responder.send(HttpJson::error(ApiError{
            429, QStringLiteral("too many open port tunnels: at most %1 per user; close one first")
                     .arg(MaxTunnelsPerUser)}));
    }

    ++m_openPerUser[userId];
    const quint64 id = m_nextId++;
    auto *session = new TunnelSession(quint16(port), this);
    m_sessions.insert(id, session);
    const QString spaceName = space.name;
    // A plain GET is told last, after the connect: a client whose upgrade was refused asks
    // again without one to learn the server's sentence, whichever check refused it.
    const bool upgrade = request.webSocketUpgrade;
    connect(session, &TunnelSession::connected, this, [this, id, upgrade, responder]() mutable {
        if (upgrade)
            return responder.acceptWebSocket(
                std::make_shared<SessionSocket<TunnelRoutes>>(this, id));
        responder.send(HttpJson::error(ApiError::badRequest(
            QStringLiteral("the port tunnel is a WebSocket: send an upgrade request"))));
        if (TunnelSession *probed = m_sessions.value(id))
            probed->detach();
    });
    connect(session, &TunnelSession::connectFailed, this,
            [responder, spaceName](const QString &sentence) mutable {
                responder.send(HttpJson::error(
                    ApiError{502, QStringLiteral("%1 in space %2").arg(sentence, spaceName)}));
            });
    // A refused connect finishes too; then no socket was accepted and none will report.
    connect(session, &TunnelSession::connectFailed, session, &TunnelSession::detach);
    connect(session, &TunnelSession::finished, this, [this, id, userId] {
        if (TunnelSession *gone = m_sessions.take(id)) {
            gone->deleteLater();
            release(userId);
        }
    });
    session->connectToPort();
}

void TunnelRoutes::release(const QString &userId)
{
    if (--m_openPerUser[userId] <= 0)
        m_openPerUser.remove(userId);
}

void TunnelRoutes::socketOpened(quint64 id, std::shared_ptr<WebSocketChannel> channel)
{
    if (TunnelSession *session = m_sessions.value(id))
        session->attach(std::move(channel));
    else if (channel)
        channel->close(WebSocketChannel::NormalClosure, "the tunnel has ended");
}

void TunnelRoutes::socketReceived(quint64 id, const QByteArray &message, bool)
{
    if (TunnelSession *session = m_sessions.value(id))
        session->receive(message);
}

void TunnelRoutes::socketGone(quint64 id)
{
    if (TunnelSession *session = m_sessions.value(id))
        session->detach();
}

} // namespace spaces
