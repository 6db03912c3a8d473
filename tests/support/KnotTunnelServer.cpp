#include "KnotTunnelServer.h"

#include <QStringList>
#include <QTcpSocket>
#include <QWebSocket>

namespace spaces::test {

KnotTunnelServer::KnotTunnelServer(QObject *parent)
    : QObject(parent)
    , m_server(QStringLiteral("knot-tunnel"), QWebSocketServer::NonSecureMode)
{
    connect(&m_server, &QWebSocketServer::newConnection, this, &KnotTunnelServer::onNewConnection);
}

KnotTunnelServer::~KnotTunnelServer() = default;

quint16 KnotTunnelServer::portOf(const QString &path)
{
    const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    if (parts.size() != 5 || parts.at(0) != QLatin1String("proxy") ||
        parts.at(1) != QLatin1String("spaces") || parts.at(3) != QLatin1String("port"))
        return 0;
    bool ok = false;
    const uint port = parts.at(4).toUInt(&ok);
    return ok && port > 0 && port <= 65535 ? quint16(port) : quint16(0);
}

void KnotTunnelServer::takeConnection(QTcpSocket *socket)
{
    // The QWebSocket made from it owns it from now on, not the server that accepted it.
    socket->setParent(nullptr);
    m_server.handleConnection(socket);
}

void KnotTunnelServer::onNewConnection()
{
    while (QWebSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        ++m_opened;
        auto *target = new QTcpSocket(socket);
        connect(socket, &QWebSocket::binaryMessageReceived, target,
                [target](const QByteArray &bytes) { target->write(bytes); });
        connect(target, &QTcpSocket::readyRead, socket,
                [socket, target] { socket->sendBinaryMessage(target->readAll()); });
        connect(target, &QTcpSocket::disconnected, socket,
                [socket] { socket->close(QWebSocketProtocol::CloseCodeNormal); });
        connect(target, &QTcpSocket::errorOccurred, socket, [socket, target] {
            if (target->state() != QAbstractSocket::ConnectedState)
                socket->close(QWebSocketProtocol::CloseCodeAbnormalDisconnection,
                              target->errorString());
        });
        connect(socket, &QWebSocket::disconnected, socket, [socket, target] {
            target->disconnectFromHost();
            socket->deleteLater();
        });
        target->connectToHost(QHostAddress::LocalHost, portOf(socket->requestUrl().path()));
    }
}

} // namespace spaces::test
