#pragma once

#include "ApiContext.h"
#include "HttpResponder.h"
#include "Router.h"
#include "WebSocketChannel.h"

#include <QHash>
#include <QObject>

namespace spaces {

class TunnelSession;

// GET /proxy/spaces/{space}/port/{port}: a raw TCP tunnel to 127.0.0.1:port of a running
// space over a WebSocket with binary frames both ways (API.md, "Streams over WebSocket"; Knot's
// `knot forward port`). Everything that can be refused is answered as plain HTTP before the
// upgrade: the token and permission (401/403), the space (404, by id or name), the port (400),
// the space's state (409), the caller's number of open tunnels (429), and the port itself:
// the TCP connection is made first, so nothing listening there is a 502 with a sentence.
// A request without the upgrade goes through the same checks and is then a 400: the client's
// way to learn why an upgrade was refused (QWebSocket shows no body).
class TunnelRoutes final : public QObject
{
    Q_OBJECT

public:
    explicit TunnelRoutes(ApiContext &context, QObject *parent = nullptr);
    ~TunnelRoutes() override;
    void install(Router &router);

    // Tunnels one user may have open at once (a browser opens several per page).
    static constexpr int MaxTunnelsPerUser = 256;

    // The socket side, reported by the WebSocket handler (on the Qt thread).
    void socketOpened(quint64 id, std::shared_ptr<WebSocketChannel> channel);
    // Bytes are bytes: text and binary frames alike go to the TCP connection.
    void socketReceived(quint64 id, const QByteArray &message, bool binary);
    void socketGone(quint64 id);

private:
    void open(const QString &spaceKey, const QString &portText, const HttpRequest &request,
              HttpResponder responder);
    void release(const QString &userId);

    ApiContext &m_context;
    QHash<QString, int> m_openPerUser;
    QHash<quint64, TunnelSession *> m_sessions;
    quint64 m_nextId = 1;
};

} // namespace spaces
