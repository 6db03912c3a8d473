#include "TerminalConnection.h"

#include "ApiError.h"
#include "ClientLogging.h"
#include "StreamUrl.h"
#include "TerminalFlowGate.h"
#include "TerminalSocketPump.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QThread>

namespace spaces {

namespace {

// The first byte of a client frame that resizes the PTY instead of carrying keystrokes.
constexpr char ResizeFrameTag = 0x01;
// How long the follow-up GET of a refused upgrade may take before the bare status is shown.
constexpr int RefusalProbeTimeoutMs = 5000;
// Enough of the follow-up GET's body for its sentence.
constexpr qint64 RefusalBodyBytes = 16 * 1024;

// Qt 6.4 reports a refused upgrade only in its error string ("...Unhandled http status
// code: 404 (Not Found)."); the status is all that can be had from it.
int refusedStatusIn(const QString &errorString)
{
    static const QRegularExpression status(QStringLiteral("status code: (\\d{3})"));
    const QRegularExpressionMatch match = status.match(errorString);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

QString refusalSentence(int status)
{
    switch (status) {
    case 401:
        return TerminalConnection::tr("The server refused the terminal (HTTP 401): the token "
                                      "was not accepted.");
    case 403:
        return TerminalConnection::tr("The server refused the terminal (HTTP 403): you may not "
                                      "open a shell in this space.");
    case 404:
        return TerminalConnection::tr("The server refused the terminal (HTTP 404): no such "
                                      "space or shell, or the server has no terminals.");
    case 409:
    case 423:
        return TerminalConnection::tr("The server refused the terminal (HTTP %1): the space is "
                                      "not running.")
            .arg(status);
    default:
        return TerminalConnection::tr("The server refused the terminal (HTTP %1).").arg(status);
    }
}

} // namespace

TerminalConnection::TerminalConnection(ConnectionSettings settings, QString spaceIdOrName,
                                       QString shell, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_space(std::move(spaceIdOrName))
    , m_shell(std::move(shell))
{}

TerminalConnection::~TerminalConnection()
{
    // No state signals into a half-destroyed owner.
    releasePump();
}

void TerminalConnection::releasePump()
{
    if (!m_pump)
        return;
    m_pump->disconnect(this);
    m_gate->shutDown();
    TerminalSocketPump *pump = std::exchange(m_pump, nullptr);
    QThread *thread = std::exchange(m_thread, nullptr);
    QMetaObject::invokeMethod(pump, &TerminalSocketPump::abort, Qt::QueuedConnection);
    // The pump goes with its thread's end, the thread with its own: nothing here waits.
    connect(thread, &QThread::finished, pump, &QObject::deleteLater);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->quit();
    m_gate.reset();
}

QUrl TerminalConnection::url() const
{
    return StreamUrl::webSocket(m_settings.baseUrl,
                                {QStringLiteral("proxy"), QStringLiteral("spaces"), m_space,
                                 QStringLiteral("terminal"), m_shell});
}

void TerminalConnection::open(QSize size)
{
    if (m_state == State::Connecting || m_state == State::Connected)
        return;
    m_size = size;
    m_error.clear();
    m_refusedStatus = 0;
    m_closing = false;
    m_closeHandshake = false;
    releasePump();

    m_gate = std::make_shared<TerminalFlowGate>(m_highWater);
    m_pump = new TerminalSocketPump(m_gate);
    m_thread = new QThread; // no parent: it ends after this object, on its own
    m_thread->setObjectName(QStringLiteral("terminal reader"));
    m_pump->moveToThread(m_thread);
    connect(m_pump, &TerminalSocketPump::connected, this, &TerminalConnection::onConnected);
    connect(m_pump, &TerminalSocketPump::disconnected, this, &TerminalConnection::onDisconnected);
    connect(m_pump, &TerminalSocketPump::closeHandshake, this, [this] { m_closeHandshake = true; });
    connect(m_pump, &TerminalSocketPump::failed, this, &TerminalConnection::onError);
    connect(m_pump, &TerminalSocketPump::output, this, &TerminalConnection::outputReceived);
    m_thread->start();

    QNetworkRequest request(url());
    if (!m_settings.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_settings.token.toUtf8());
    qCDebug(lcClient) << "terminal: opening" << request.url();
    setState(State::Connecting);
    QMetaObject::invokeMethod(
        m_pump, [pump = m_pump, request] { pump->open(request); }, Qt::QueuedConnection);
}

void TerminalConnection::close()
{
    if (!m_pump || m_state != State::Connected) {
        if (m_pump)
            QMetaObject::invokeMethod(m_pump, &TerminalSocketPump::abort, Qt::QueuedConnection);
        if (m_state == State::Connecting)
            fail(tr("The terminal was closed before it connected."));
        return;
    }
    m_closing = true;
    // The reader may be held by the gate: released, it gets to the close.
    m_gate->shutDown();
    QMetaObject::invokeMethod(m_pump, &TerminalSocketPump::closeNormally, Qt::QueuedConnection);
}

void TerminalConnection::sendInput(const QByteArray &bytes)
{
    if (m_state != State::Connected || bytes.isEmpty())
        return;
    sendFrame(bytes);
}

void TerminalConnection::sendFrame(QByteArray frame)
{
    // Through the gate's queue, so that a reader held by a flood still sends it at once.
    m_gate->queueInput(std::move(frame));
    QMetaObject::invokeMethod(m_pump, &TerminalSocketPump::sendQueuedInput, Qt::QueuedConnection);
}

void TerminalConnection::consumed(qint64 bytes)
{
    if (m_gate)
        m_gate->consumed(bytes);
}

qint64 TerminalConnection::unconsumed() const
{
    return m_gate ? m_gate->unconsumed() : 0;
}

void TerminalConnection::resize(QSize size)
{
    if (size.width() <= 0 || size.height() <= 0 || size == m_size)
        return;
    m_size = size;
    if (m_state == State::Connected)
        sendResize();
}

void TerminalConnection::sendResize()
{
    if (m_size.width() <= 0 || m_size.height() <= 0)
        return;
    const QJsonObject size{{QStringLiteral("cols"), m_size.width()},
                           {QStringLiteral("rows"), m_size.height()}};
    sendFrame(ResizeFrameTag + QJsonDocument(size).toJson(QJsonDocument::Compact));
}

void TerminalConnection::onConnected()
{
    qCDebug(lcClient) << "terminal: connected to" << m_space << m_shell;
    setState(State::Connected);
    sendResize();
}

void TerminalConnection::onDisconnected(int closeCode, const QString &closeReason,
                                        const QString &errorString)
{
    if (m_state == State::Connecting) {
        // The error signal came first and already explains it (or a probe is on its way).
        if (m_error.isEmpty() && m_refusedStatus == 0)
            fail(tr("The terminal could not connect: %1").arg(errorString));
        return;
    }
    if (m_state != State::Connected)
        return;
    qCDebug(lcClient) << "terminal: closed, code" << closeCode << closeReason;
    if (m_closing || m_closeHandshake) {
        m_error = m_closing ? tr("The terminal was closed.") : tr("The shell exited.");
        setState(State::Ended);
        return;
    }
    // No close frame: the connection broke, the shell may still be running on the server.
    fail(tr("The connection to the server was lost: %1").arg(errorString));
}

void TerminalConnection::onError(int socketError, const QString &errorString)
{
    qCDebug(lcClient) << "terminal: error" << socketError << errorString;
    if (m_state != State::Connecting)
        return; // a break while connected is told by onDisconnected, with the close code
    const int status = refusedStatusIn(errorString);
    // The TCP connection was made and the handshake went wrong: Qt names the status for some
    // refusals only (not 400), so the server is asked in every such case.
    if (status > 0 || socketError == int(QAbstractSocket::UnknownSocketError)) {
        m_refusedStatus = status;
        askWhyRefused(status, errorString);
        return;
    }
    fail(tr("The terminal could not connect: %1").arg(errorString));
}

void TerminalConnection::askWhyRefused(int status, const QString &qtError)
{
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    const QUrl httpUrl = StreamUrl::plainHttp(url());
    QNetworkRequest request(httpUrl);
    if (!m_settings.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_settings.token.toUtf8());
    request.setTransferTimeout(RefusalProbeTimeoutMs);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, status, qtError] {
        reply->deleteLater();
        const int probeStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->read(RefusalBodyBytes);
        // Only the same refusal explains the upgrade's; a route that wants an upgrade may
        // answer a plain GET otherwise.
        const bool explains = probeStatus >= 400 && (status == 0 || probeStatus == status);
        if (explains)
            m_refusedStatus = probeStatus;
        QString sentence = status > 0 ? refusalSentence(status)
                                      : tr("The terminal could not connect: %1").arg(qtError);
        if (explains && !body.trimmed().isEmpty()) {
            const ApiError error = ApiError::fromBody(probeStatus, body);
            if (!error.message.isEmpty())
                sentence = tr("The server refused the terminal (HTTP %1): %2")
                               .arg(probeStatus)
                               .arg(error.message);
        } else if (explains) {
            sentence = refusalSentence(probeStatus);
        }
        if (m_state == State::Connecting)
            fail(sentence);
    });
}

void TerminalConnection::fail(const QString &sentence)
{
    m_error = sentence;
    if (m_pump)
        QMetaObject::invokeMethod(m_pump, &TerminalSocketPump::abort, Qt::QueuedConnection);
    setState(State::Failed);
}

void TerminalConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace spaces
