#include "TerminalSocketPump.h"

#include "TerminalFlowGate.h"

#include <QWebSocket>

namespace spaces {

TerminalSocketPump::TerminalSocketPump(std::shared_ptr<TerminalFlowGate> gate)
    : m_gate(std::move(gate))
{}

TerminalSocketPump::~TerminalSocketPump()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void TerminalSocketPump::open(const QNetworkRequest &request)
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::connected, this, &TerminalSocketPump::connected);
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        Q_EMIT disconnected(m_socket->closeCode(), m_socket->closeReason(),
                            m_socket->errorString());
    });
    // Emitted for a close handshake only (either side's), not when the TCP connection breaks.
    connect(m_socket, &QWebSocket::aboutToClose, this, &TerminalSocketPump::closeHandshake);
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
        // The getter, not the signal's argument: for a refused handshake Qt 6.4
        // signals ConnectionRefusedError while error() says UnknownSocketError.
        Q_EMIT failed(int(m_socket->error()), m_socket->errorString());
    });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &TerminalSocketPump::onBinary);
    // Knot's web terminal sends text frames; a server may answer in kind.
    connect(m_socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { onBinary(text.toUtf8()); });
    m_socket->open(request);
}

void TerminalSocketPump::onBinary(const QByteArray &bytes)
{
    Q_EMIT output(bytes);
    // Blocks this thread, and with it the socket, while the screen is too far behind.
    m_gate->handedOver(bytes.size(), [this](const QByteArray &frame) { send(frame); });
}

void TerminalSocketPump::sendQueuedInput()
{
    for (const QByteArray &frame : m_gate->takeInput())
        send(frame);
}

void TerminalSocketPump::send(const QByteArray &frame)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_socket->sendBinaryMessage(frame);
    // Written now: the thread may be held by the gate before its loop would write it.
    m_socket->flush();
}

void TerminalSocketPump::closeNormally()
{
    if (m_socket)
        m_socket->close(QWebSocketProtocol::CloseCodeNormal);
}

void TerminalSocketPump::abort()
{
    if (m_socket)
        m_socket->abort();
}

} // namespace spaces
