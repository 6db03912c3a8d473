#include "LogStream.h"

#include "ClientLogging.h"
#include "DisplayText.h"
#include "StreamUrl.h"

#include <QNetworkRequest>
#include <QWebSocket>

namespace spaces {

LogStream::LogStream(ConnectionSettings settings, QString spaceIdOrName, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_space(std::move(spaceIdOrName))
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &LogStream::connectNow);
}

LogStream::~LogStream()
{
    stop();
}

QUrl LogStream::streamUrl(const QUrl &baseUrl, const QString &spaceIdOrName)
{
    return StreamUrl::webSocket(baseUrl,
                                {QStringLiteral("logs"), spaceIdOrName, QStringLiteral("stream")});
}

void LogStream::setBackoffLimits(std::chrono::milliseconds minimum,
                                 std::chrono::milliseconds maximum)
{
    m_minimumBackoff = minimum;
    m_maximumBackoff = std::max(minimum, maximum);
    m_backoff = m_minimumBackoff;
}

void LogStream::start()
{
    if (m_state != State::Stopped)
        return;
    m_backoff = m_minimumBackoff;
    m_everConnected = false;
    connectNow();
}

void LogStream::stop()
{
    m_retryTimer.stop();
    if (m_socket) {
        QWebSocket *socket = std::exchange(m_socket, nullptr);
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    setState(State::Stopped);
}

void LogStream::connectNow()
{
    if (m_socket)
        m_socket->deleteLater();
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::connected, this, [this] {
        m_backoff = m_minimumBackoff;
        m_error.clear();
        if (m_everConnected)
            Q_EMIT reset();
        m_everConnected = true;
        setState(State::History);
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, &LogStream::onText);
    connect(m_socket, &QWebSocket::disconnected, this, &LogStream::onDisconnected);
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) {
                m_error = tr("The log stream of “%1” is not available: %2")
                              .arg(m_space, DisplayText::oneLine(m_socket->errorString()));
                // A refused upgrade leaves the socket connecting: end it to retry.
                if (m_socket->state() != QAbstractSocket::UnconnectedState)
                    m_socket->abort();
                else
                    onDisconnected();
            });
    QNetworkRequest request(streamUrl(m_settings.baseUrl, m_space));
    if (!m_settings.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_settings.token.toUtf8());
    setState(State::Connecting);
    qCDebug(lcClient) << "log stream: connecting to" << request.url().toDisplayString();
    m_socket->open(request);
}

void LogStream::onText(const QString &message)
{
    if (message.size() == 1 && message.at(0) == QChar(0)) {
        setState(State::Live);
        return;
    }
    Q_EMIT textReceived(message, m_state == State::History);
}

void LogStream::onDisconnected()
{
    if (m_state == State::Stopped || m_state == State::Waiting)
        return;
    if (m_error.isEmpty())
        m_error = tr("The log stream of “%1” ended.").arg(m_space);
    Q_EMIT connectionError(m_error);
    setState(State::Waiting);
    m_retryTimer.start(m_backoff);
    m_backoff = std::min(m_backoff * 2, m_maximumBackoff);
}

void LogStream::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace spaces
