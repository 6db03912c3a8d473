#pragma once

#include "SpacesClient.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QTcpSocket;
class QWebSocket;

namespace spaces {

// One accepted local TCP connection relayed through the tunnel route
// (GET /proxy/spaces/{space}/port/{port}, binary frames both ways) to a port of a space.
// Flow control: the local socket is read only while the WebSocket has little left to write,
// and at most a bounded read buffer waits in between; either side ending ends both.
// finished() comes once; failed() before it when the upgrade was refused or the network broke,
// with the server's sentence when it gave one.
class PortTunnelConnection final : public QObject
{
    Q_OBJECT

public:
    // Takes `local` over (reparents it). `network` asks the server why an upgrade was refused.
    PortTunnelConnection(QTcpSocket *local, const QUrl &url, const QString &token,
                         QNetworkAccessManager *network, QObject *parent = nullptr);
    ~PortTunnelConnection() override;

    void start();
    // Ends both sides now.
    void close();

    // Bytes of the local socket's data waiting for the WebSocket beyond which reading stops.
    static constexpr qint64 HighWater = 512 * 1024;

Q_SIGNALS:
    void failed(const QString &sentence);
    void finished();

private:
    void relayToTunnel();
    void relayToLocal(const QByteArray &bytes);
    void onTunnelError();
    void askWhyRefused(int status);
    void finish();

    QTcpSocket *m_local;
    QWebSocket *m_tunnel;
    QUrl m_url;
    QString m_token;
    QPointer<QNetworkAccessManager> m_network;
    bool m_connected = false;
    bool m_finished = false;
};

} // namespace spaces
