#include "PortTunnelConnection.h"

#include "ApiError.h"
#include "ClientLogging.h"
#include "StreamUrl.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QWebSocket>

namespace spaces {

namespace {

// One frame of at most this much of the local socket's data.
constexpr qint64 ChunkBytes = 64 * 1024;
constexpr int RefusalProbeTimeoutMs = 5000;
constexpr qint64 RefusalBodyBytes = 16 * 1024;

// Qt 6.4 reports a refused upgrade only in its error string ("...status code: 502 ...").
int refusedStatusIn(const QString &errorString)
{
    static const QRegularExpression status(QStringLiteral("status code: (\\d{3})"));
    const QRegularExpressionMatch match = status.match(errorString);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

} // namespace

PortTunnelConnection::PortTunnelConnection(QTcpSocket *local, const QUrl &url, const QString &token,
                                           QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_local(local)
    , m_tunnel(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this))
    , m_url(url)
    , m_token(token)
    , m_network(network)
{
    m_local->setParent(this);
    // Qt reads no more from the kernel than this: a local client that sends faster than the
    // tunnel carries waits in TCP, not in this process.
    m_local->setReadBufferSize(HighWater);
}

PortTunnelConnection::~PortTunnelConnection()
{
    m_tunnel->disconnect(this);
    m_local->disconnect(this);
    m_tunnel->abort();
    m_local->abort();
}

void PortTunnelConnection::start()
{
    connect(m_tunnel, &QWebSocket::connected, this, [this] {
        m_connected = true;
        relayToTunnel();
    });
    connect(m_tunnel, &QWebSocket::binaryMessageReceived, this,
            &PortTunnelConnection::relayToLocal);
    connect(m_tunnel, &QWebSocket::bytesWritten, this, &PortTunnelConnection::relayToTunnel);
    connect(m_tunnel, &QWebSocket::disconnected, this, [this] {
        if (!m_connected)
            return; // the error signal explains it
        // The far end closed: what it sent is written out, then the local side ends too.
        m_local->disconnectFromHost();
        if (m_local->state() == QAbstractSocket::UnconnectedState)
            finish();
    });
    connect(m_tunnel, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            &PortTunnelConnection::onTunnelError);
    connect(m_local, &QTcpSocket::readyRead, this, &PortTunnelConnection::relayToTunnel);
    connect(m_local, &QTcpSocket::disconnected, this, [this] {
        relayToTunnel(); // its last bytes first
        if (m_tunnel->state() == QAbstractSocket::ConnectedState)
            m_tunnel->close(QWebSocketProtocol::CloseCodeNormal);
        else
            m_tunnel->abort();
        finish();
    });

    QNetworkRequest request(m_url);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    qCDebug(lcClient) << "tunnel: opening" << m_url;
    m_tunnel->open(request);
}

void PortTunnelConnection::close()
{
    if (m_tunnel->state() == QAbstractSocket::ConnectedState)
        m_tunnel->close(QWebSocketProtocol::CloseCodeNormal);
    else
        m_tunnel->abort();
    m_local->abort();
    finish();
}

void PortTunnelConnection::relayToTunnel()
{
    if (!m_connected || m_finished || m_tunnel->state() != QAbstractSocket::ConnectedState)
        return;
    while (m_local->bytesAvailable() > 0 && m_tunnel->bytesToWrite() < HighWater) {
        const QByteArray chunk = m_local->read(ChunkBytes);
        if (chunk.isEmpty())
            break;
        m_tunnel->sendBinaryMessage(chunk);
    }
}

void PortTunnelConnection::relayToLocal(const QByteArray &bytes)
{
    // Qt 6.4's QWebSocket cannot stop reading frames: what the local client does not read
    // waits here (the server sends no faster than this process takes the frames in).
    m_local->write(bytes);
}

void PortTunnelConnection::onTunnelError()
{
    qCDebug(lcClient) << "tunnel: error" << m_tunnel->error() << m_tunnel->errorString();
    if (m_finished)
        return;
    if (m_connected) {
        Q_EMIT failed(tr("The tunnel broke: %1").arg(m_tunnel->errorString()));
        m_local->abort();
        return finish();
    }
    // A refused upgrade leaves the socket Connecting in Qt 6.4: end it here.
    const int status = refusedStatusIn(m_tunnel->errorString());
    const QString qtError = m_tunnel->errorString();
    m_tunnel->abort();
    if ((status > 0 || m_tunnel->error() == QAbstractSocket::UnknownSocketError) && m_network)
        return askWhyRefused(status);
    Q_EMIT failed(tr("The tunnel could not connect: %1").arg(qtError));
    m_local->abort();
    finish();
}

void PortTunnelConnection::askWhyRefused(int status)
{
    const QUrl httpUrl = StreamUrl::plainHttp(m_url);
    QNetworkRequest request(httpUrl);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setTransferTimeout(RefusalProbeTimeoutMs);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, status] {
        reply->deleteLater();
        const int probeStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const ApiError error = ApiError::fromBody(probeStatus, reply->read(RefusalBodyBytes));
        const bool explains = probeStatus >= 400 && (status == 0 || probeStatus == status);
        if (explains && !error.message.isEmpty())
            Q_EMIT failed(tr("The server refused the tunnel (HTTP %1): %2")
                              .arg(probeStatus)
                              .arg(error.message));
        else
            Q_EMIT failed(tr("The server refused the tunnel (HTTP %1).").arg(status));
        m_local->abort();
        finish();
    });
}

void PortTunnelConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished();
}

} // namespace spaces
