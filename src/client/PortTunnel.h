#pragma once

#include "Expected.h"
#include "SpacesClient.h"

#include <QObject>
#include <QUrl>

class QNetworkAccessManager;
class QTcpServer;

namespace spaces {

// A port of a space forwarded to this computer (like `knot forward port`, `kubectl
// port-forward`): listens on 127.0.0.1:localPort and relays each accepted connection through
// its own tunnel WebSocket (GET /proxy/spaces/{space}/port/{remotePort}) to the space. Works
// against spacesd and Knot alike; `space` is the id (Knot wants it) or, for spacesd, the name.
class PortTunnel final : public QObject
{
    Q_OBJECT

public:
    PortTunnel(ConnectionSettings settings, QString space, quint16 remotePort,
               QObject *parent = nullptr);
    ~PortTunnel() override;

    // Starts listening; `localPort` 0 picks a free one. The port listened on, or why not.
    Expected<quint16> listen(quint16 localPort);
    // Stops listening and ends every relayed connection.
    void stop();

    bool isListening() const;
    quint16 localPort() const { return m_localPort; }
    quint16 remotePort() const { return m_remotePort; }
    QString space() const { return m_space; }
    int openConnections() const { return m_open; }
    // The ws:// or wss:// address each connection opens.
    QUrl url() const;

Q_SIGNALS:
    // One relayed connection could not be made or broke, with the server's sentence.
    void connectionFailed(const QString &sentence);
    void openConnectionsChanged(int count);

private:
    void accept();

    ConnectionSettings m_settings;
    QString m_space;
    quint16 m_remotePort;
    quint16 m_localPort = 0;
    QTcpServer *m_server;
    QNetworkAccessManager *m_network;
    int m_open = 0;
};

} // namespace spaces
