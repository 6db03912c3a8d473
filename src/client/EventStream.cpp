#include "EventStream.h"

#include "ApiRequest.h"
#include "ClientLogging.h"
#include "TransportError.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <algorithm>

namespace spaces {

namespace {

// Enough of a refusal's body for its sentence; the rest is not kept.
constexpr qsizetype MaxErrorBodyBytes = ApiRequest::MaxErrorBodyBytes;
// What Qt may read ahead of the parser: a bound makes it wait for us instead of buffering.
constexpr qint64 ReadBufferBytes = 256 * 1024;

} // namespace

EventStream::EventStream(ConnectionSettings settings, QNetworkAccessManager *network,
                         QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_network(network ? network : new QNetworkAccessManager(this))
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &EventStream::connectNow);
    m_silenceTimer.setSingleShot(true);
    connect(&m_silenceTimer, &QTimer::timeout, this, &EventStream::onSilence);
}

EventStream::~EventStream()
{
    dropReply();
}

void EventStream::setBackoffLimits(std::chrono::milliseconds minimum,
                                   std::chrono::milliseconds maximum)
{
    m_minimumBackoff = std::max(minimum, std::chrono::milliseconds(1));
    m_maximumBackoff = std::max(maximum, m_minimumBackoff);
    if (m_state != State::Waiting)
        m_backoff = m_minimumBackoff;
}

void EventStream::setSilenceTimeout(std::chrono::milliseconds timeout)
{
    m_silenceTimeout = std::max(timeout, std::chrono::milliseconds(1));
    if (m_silenceTimer.isActive())
        m_silenceTimer.start(m_silenceTimeout);
}

void EventStream::start()
{
    if (m_state != State::Stopped)
        return;
    m_attempts = 0;
    m_failures = 0;
    m_backoff = m_minimumBackoff;
    m_disconnectedSince = QDateTime();
    m_parser = SseParser();
    connectNow();
}

void EventStream::stop()
{
    m_retryTimer.stop();
    m_silenceTimer.stop();
    dropReply();
    setState(State::Stopped);
}

void EventStream::connectNow()
{
    dropReply();
    ++m_attempts;
    m_parser.reset();
    m_errorBody.clear();
    QNetworkRequest request =
        ApiRequest::prepare(m_settings.baseUrl, m_settings.token, QStringLiteral("/api/events"));
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    // Compressed streams may be held back until a whole block is in: ask for none.
    request.setRawHeader("Accept-Encoding", "identity");
    if (!m_parser.lastEventId().isEmpty())
        request.setRawHeader("Last-Event-ID", m_parser.lastEventId().toUtf8());
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    QNetworkReply *reply = m_network->get(request);
    m_reply = reply;
    reply->setReadBufferSize(ReadBufferBytes);
    connect(reply, &QNetworkReply::metaDataChanged, this, &EventStream::onMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &EventStream::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &EventStream::onFinished);
    // Also bounds the wait for the answer's headers.
    m_silenceTimer.start(m_silenceTimeout);
    setState(State::Connecting);
}

bool EventStream::isEventStream() const
{
    const QByteArray type =
        m_reply ? m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray() : QByteArray();
    return type.trimmed().toLower().startsWith("text/event-stream");
}

void EventStream::onMetaData()
{
    if (!m_reply || m_state == State::Live)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 200 && isEventStream())
        goLive();
}

void EventStream::onReadyRead()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply)
        return;
    // Any byte, a keep-alive comment included, shows the stream is alive.
    m_silenceTimer.start(m_silenceTimeout);
    if (m_state != State::Live)
        onMetaData();
    if (m_reply.data() != reply)
        return; // stopped or restarted by a slot
    if (m_state != State::Live) {
        // A refusal (401...): keep the start of its body for the sentence.
        m_errorBody += reply->read(std::max<qsizetype>(0, MaxErrorBodyBytes - m_errorBody.size()));
        reply->readAll();
        return;
    }
    const QList<SseEvent> events = m_parser.feed(reply->readAll());
    for (const SseEvent &event : events) {
        dispatch(event);
        if (m_reply.data() != reply)
            return;
    }
    if (m_parser.overflowed()) {
        // A line or an event without end: whatever follows cannot be trusted to line up.
        const QString sentence = tr("The event stream from %1 sent an event larger than %2")
                                     .arg(TransportError::serverName(m_settings.baseUrl),
                                          TransportError::size(SseParser::MaxEventBytes));
        qCDebug(lcClient) << "event stream overflow from" << m_settings.baseUrl;
        dropReply();
        lose(sentence);
    }
}

void EventStream::onFinished()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply)
        return;
    const QString server = TransportError::serverName(m_settings.baseUrl);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    QString sentence;
    if (m_state == State::Live) {
        if (error == QNetworkReply::NoError || error == QNetworkReply::RemoteHostClosedError)
            sentence = tr("The event stream from %1 was closed").arg(server);
        else
            sentence = tr("The event stream from %1 broke: %2").arg(server, reply->errorString());
    } else if (TransportError::isRedirect(*reply)) {
        sentence = TransportError::redirected(*reply, m_settings.baseUrl).message;
    } else if (status == 0) {
        sentence = TransportError::fromReply(*reply, m_settings.baseUrl).message;
    } else if (status >= 400) {
        m_errorBody += reply->read(std::max<qsizetype>(0, MaxErrorBodyBytes - m_errorBody.size()));
        sentence = ApiError::fromBody(status, m_errorBody).message;
    } else if (status == 200) {
        sentence = isEventStream()
                       ? tr("The event stream from %1 was closed").arg(server)
                       : tr("The server at %1 did not answer with an event stream").arg(server);
    } else {
        sentence = tr("The server at %1 answered the event stream with the unexpected status %2")
                       .arg(server)
                       .arg(status);
    }
    dropReply();
    lose(sentence);
}

void EventStream::onSilence()
{
    if (!m_reply)
        return;
    const QString server = TransportError::serverName(m_settings.baseUrl);
    const QString seconds = TransportError::seconds(m_silenceTimeout);
    const QString sentence =
        m_state == State::Live
            ? tr("The event stream from %1 was silent for %2 s").arg(server, seconds)
            : tr("The server at %1 did not answer within %2 s").arg(server, seconds);
    dropReply();
    lose(sentence);
}

void EventStream::dropReply()
{
    QNetworkReply *reply = m_reply.data();
    m_reply = nullptr;
    if (!reply)
        return;
    reply->disconnect(this);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

void EventStream::lose(const QString &sentence)
{
    m_silenceTimer.stop();
    if (m_state == State::Live && !m_disconnectedSince.isValid())
        m_disconnectedSince = QDateTime::currentDateTimeUtc();
    // 1 s after a loss of a live stream, then twice as long after each failed attempt.
    m_backoff = m_failures == 0 ? m_minimumBackoff : std::min(m_backoff * 2, m_maximumBackoff);
    ++m_failures;
    m_retryTimer.start(m_backoff);
    setState(State::Waiting);
    Q_EMIT connectionError(sentence);
}

void EventStream::goLive()
{
    m_failures = 0;
    m_backoff = m_minimumBackoff;
    m_disconnectedSince = QDateTime();
    // Not the first attempt since start(): a loss or a failed attempt came before, and the
    // events meanwhile were not seen.
    const bool again = m_attempts > 1;
    setState(State::Live);
    if (again && m_state == State::Live)
        Q_EMIT reloadNeeded();
}

void EventStream::dispatch(const SseEvent &event)
{
    if (event.type != QLatin1StringView("message"))
        return; // "connected" and whatever else a server adds
    const QJsonObject message = QJsonDocument::fromJson(event.data.toUtf8()).object();
    const QString type = message.value(QLatin1StringView("type")).toString();
    const QJsonObject payload = message.value(QLatin1StringView("payload")).toObject();
    if (type == QLatin1StringView("templates:changed")) {
        Q_EMIT templatesChanged();
        return;
    }
    // {"type":"space:changed","payload":{"id","user_id"}}; older Knot documentation shows
    // {"type":"space_changed","space_id":...}: both are understood.
    QString spaceId = payload.value(QLatin1StringView("id")).toString();
    if (spaceId.isEmpty())
        spaceId = payload.value(QLatin1StringView("space_id")).toString();
    if (spaceId.isEmpty())
        spaceId = message.value(QLatin1StringView("space_id")).toString();
    QString userId = payload.value(QLatin1StringView("user_id")).toString();
    if (userId.isEmpty())
        userId = message.value(QLatin1StringView("user_id")).toString();
    if (type == QLatin1StringView("port-forward:changed")) {
        Q_EMIT portForwardsChanged(spaceId, userId);
        return;
    }
    if (spaceId.isEmpty())
        return;
    if (type == QLatin1StringView("space:changed") || type == QLatin1StringView("space_changed"))
        Q_EMIT spaceChanged(spaceId, userId);
    else if (type == QLatin1StringView("space:deleted") ||
             type == QLatin1StringView("space_deleted"))
        Q_EMIT spaceDeleted(spaceId, userId);
    // Every other type (users, groups, roles, volumes, ...) means nothing to this client.
}

void EventStream::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace spaces
