#include "PortTunnel.h"

#include "ClientLogging.h"
#include "PortTunnelConnection.h"
#include "StreamUrl.h"

#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTcpSocket>

namespace spaces {

PortTunnel::PortTunnel(ConnectionSettings settings, QString space, quint16 remotePort,
                       QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_space(std::move(space))
    , m_remotePort(remotePort)
    , m_server(new QTcpServer(this))
    , m_network(new QNetworkAccessManager(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &PortTunnel::accept);
}

PortTunnel::~PortTunnel()
{
    stop();
}

QUrl PortTunnel::url() const
{
    return StreamUrl::webSocket(m_settings.baseUrl,
                                {QStringLiteral("proxy"), QStringLiteral("spaces"), m_space,
                                 QStringLiteral("port"), QString::number(m_remotePort)});
}

Expected<quint16> PortTunnel::listen(quint16 localPort)
{
    if (m_remotePort == 0)
        return ApiError{0, tr("Invalid remote port: give a number from 1 to 65535")};
    if (m_server->isListening())
        return m_localPort;
    if (!m_server->listen(QHostAddress::LocalHost, localPort)) {
        const QString sentence =
            m_server->serverError() == QAbstractSocket::AddressInUseError
                ? tr("Local port %1 is already in use on this computer: choose another one.")
                      .arg(localPort)
                : tr("Cannot listen on 127.0.0.1:%1: %2")
                      .arg(localPort)
                      .arg(m_server->errorString());
        return ApiError{0, sentence};
    }
    m_localPort = m_server->serverPort();
    qCDebug(lcClient) << "tunnel: listening on" << m_localPort << "for" << m_space << m_remotePort;
    return m_localPort;
}

void PortTunnel::stop()
{
    m_server->close();
    const QList<PortTunnelConnection *> connections = findChildren<PortTunnelConnection *>();
    for (PortTunnelConnection *connection : connections) {
        connection->disconnect(this);
        delete connection;
    }
    if (m_open != 0) {
        m_open = 0;
        Q_EMIT openConnectionsChanged(0);
    }
}

bool PortTunnel::isListening() const
{
    return m_server->isListening();
}

void PortTunnel::accept()
{
    while (QTcpSocket *local = m_server->nextPendingConnection()) {
        auto *connection =
            new PortTunnelConnection(local, url(), m_settings.token, m_network, this);
        connect(connection, &PortTunnelConnection::failed, this, &PortTunnel::connectionFailed);
        connect(connection, &PortTunnelConnection::finished, this, [this, connection] {
            connection->deleteLater();
            Q_EMIT openConnectionsChanged(--m_open);
        });
        ++m_open;
        Q_EMIT openConnectionsChanged(m_open);
        connection->start();
    }
}

} // namespace spaces
