#include "RunStream.h"

#include "ApiError.h"
#include "ClientLogging.h"
#include "DisplayText.h"
#include "StreamUrl.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QWebSocket>

namespace spaces {

namespace {

constexpr int RefusalProbeTimeoutMs = 5000;
constexpr qint64 RefusalBodyBytes = 16 * 1024;
const QString ErrorPrefix = QStringLiteral("Error: ");

// Qt 6.4 reports a refused upgrade only in its error string ("...status code: 404 ...").
int refusedStatusIn(const QString &errorString)
{
    static const QRegularExpression status(QStringLiteral("status code: (\\d{3})"));
    const QRegularExpressionMatch match = status.match(errorString);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

// What a server without the route answers an upgrade to it.
bool meansNoRunStream(int status)
{
    return status == 404 || status == 405 || status == 426 || status == 501;
}

std::optional<int> exitCodeIn(const QString &frame)
{
    static const QRegularExpression shape(QStringLiteral("^\\{\"exit_code\":(-?\\d{1,9})\\}$"));
    const QRegularExpressionMatch match = shape.match(frame);
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toInt();
}

bool isErrorFrame(const QString &frame)
{
    return frame.startsWith(ErrorPrefix) && frame.endsWith(QStringLiteral("\r\n"));
}

} // namespace

RunStream::RunStream(ConnectionSettings settings, QNetworkAccessManager *network,
                     QString spaceIdOrName, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_network(network)
    , m_space(std::move(spaceIdOrName))
{}

RunStream::~RunStream()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

QUrl RunStream::streamUrl(const QUrl &baseUrl, const QString &spaceIdOrName)
{
    return StreamUrl::webSocket(baseUrl,
                                {QStringLiteral("space-io"), spaceIdOrName, QStringLiteral("run")});
}

void RunStream::start(const RunCommandRequest &request)
{
    if (m_started)
        return;
    m_started = true;
    m_request =
        QJsonDocument(QJsonObject{
                          {QStringLiteral("command"), request.command},
                          {QStringLiteral("args"), QJsonArray::fromStringList(request.arguments)},
                          {QStringLiteral("timeout"), request.timeoutSeconds},
                          {QStringLiteral("workdir"), request.workdir},
                      })
            .toJson(QJsonDocument::Compact);
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    // Output can be large: no limit below what the server would send in one frame.
    m_socket->setMaxAllowedIncomingMessageSize(16 * 1024 * 1024);
    connect(m_socket, &QWebSocket::connected, this, [this] {
        m_connected = true;
        m_socket->sendTextMessage(QString::fromUtf8(m_request));
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, &RunStream::onText);
    connect(m_socket, &QWebSocket::disconnected, this, &RunStream::onDisconnected);
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            &RunStream::onError);
    QNetworkRequest upgrade(streamUrl(m_settings.baseUrl, m_space));
    if (!m_settings.token.isEmpty())
        upgrade.setRawHeader("Authorization", "Bearer " + m_settings.token.toUtf8());
    qCDebug(lcClient) << "run stream: connecting to" << upgrade.url().toDisplayString();
    m_socket->open(upgrade);
}

void RunStream::cancel()
{
    if (!m_started || m_finished)
        return;
    m_cancelled = true;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->close();
    }
    flushHeld();
    finish();
}

void RunStream::onText(const QString &message)
{
    if (m_ended)
        return;
    if (message.size() == 1 && message.at(0) == QChar(0))
        return endOfRun();
    // Possible end frames wait for the next frame to say whether they were output.
    const bool isExit = exitCodeIn(message).has_value();
    const bool fitsAfterHeld = m_held.isEmpty()
                                   ? (isExit || isErrorFrame(message))
                                   : (m_held.size() == 1 && isErrorFrame(m_held.first()) && isExit);
    if (!fitsAfterHeld) {
        flushHeld();
        if (isExit || isErrorFrame(message)) {
            m_held.append(message);
            return;
        }
        Q_EMIT outputReceived(message);
        return;
    }
    m_held.append(message);
}

void RunStream::flushHeld()
{
    for (const QString &frame : std::exchange(m_held, {}))
        Q_EMIT outputReceived(frame);
}

void RunStream::endOfRun()
{
    m_ended = true;
    for (const QString &frame : std::exchange(m_held, {})) {
        if (const std::optional<int> code = exitCodeIn(frame)) {
            m_exitCode = code;
            Q_EMIT exitCodeReceived(*code);
        } else {
            m_error = frame.mid(ErrorPrefix.size()).chopped(2);
            Q_EMIT failed(m_error);
        }
    }
    m_socket->disconnect(this);
    m_socket->close();
    finish();
}

void RunStream::onError()
{
    if (m_finished)
        return;
    const QString qtError = m_socket->errorString();
    qCDebug(lcClient) << "run stream: error" << m_socket->error() << qtError;
    if (m_connected) {
        m_error = tr("The run stream broke: %1").arg(DisplayText::oneLine(qtError));
        m_socket->disconnect(this);
        m_socket->abort();
        flushHeld();
        Q_EMIT failed(m_error);
        return finish();
    }
    // A refused upgrade leaves the socket Connecting in Qt 6.4: end it here.
    const int status = refusedStatusIn(qtError);
    m_refusedStatus = status;
    m_socket->disconnect(this);
    m_socket->abort();
    if (meansNoRunStream(status)) {
        m_unsupported = true;
        Q_EMIT unsupported();
        return finish();
    }
    if (status > 0 && m_network)
        return askWhyRefused(status);
    m_error = tr("The run stream could not connect: %1").arg(DisplayText::oneLine(qtError));
    Q_EMIT failed(m_error);
    finish();
}

void RunStream::askWhyRefused(int status)
{
    QUrl httpUrl = streamUrl(m_settings.baseUrl, m_space);
    httpUrl.setScheme(httpUrl.scheme() == QLatin1String("wss") ? QStringLiteral("https")
                                                               : QStringLiteral("http"));
    QNetworkRequest request(httpUrl);
    if (!m_settings.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_settings.token.toUtf8());
    request.setTransferTimeout(RefusalProbeTimeoutMs);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, status] {
        reply->deleteLater();
        const int probeStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const ApiError error = ApiError::fromBody(probeStatus, reply->read(RefusalBodyBytes));
        if (probeStatus == status && !error.message.isEmpty())
            m_error = error.message;
        else
            m_error = tr("The server refused the run stream (HTTP %1).").arg(status);
        Q_EMIT failed(m_error);
        finish();
    });
}

void RunStream::onDisconnected()
{
    if (m_finished)
        return;
    // Closed before the 0x00 frame: the run did not end as it should.
    flushHeld();
    m_error = tr("The run stream ended before the command did.");
    Q_EMIT failed(m_error);
    finish();
}

void RunStream::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished();
}

} // namespace spaces
