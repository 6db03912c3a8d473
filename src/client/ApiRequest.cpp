#include "ApiRequest.h"

#include "ClientLogging.h"
#include "TransportError.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <algorithm>

namespace spaces {

namespace {

// What Qt's HTTP thread may read ahead of us: with a bound it stops reading the socket until
// we have taken the bytes, so a body is never held twice beyond this much.
constexpr qint64 ReadBufferBytes = 1024 * 1024;

int statusOf(const QNetworkReply &reply)
{
    return reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

ApiRequest::ApiRequest(QObject *context, Handler handler, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_hasContext(context != nullptr)
    , m_handler(std::move(handler))
{
    m_timer.setSingleShot(true);
    // A coarse timer may fire 5 % early: "did not answer within 60 s" must be true.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ApiRequest::onTimeout);
    if (context)
        connect(context, &QObject::destroyed, this, &ApiRequest::onContextDestroyed);
}

ApiRequest::~ApiRequest()
{
    releaseReply();
}

QNetworkRequest ApiRequest::prepare(const QUrl &baseUrl, const QString &token, const QString &path,
                                    const QUrlQuery &query)
{
    QUrl url = baseUrl;
    QString basePath = url.path(QUrl::FullyEncoded);
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + path, QUrl::TolerantMode);
    url.setQuery(query);
    url.setFragment(QString());
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setRawHeader("X-Knot-Api-Version", ApiVersion);
    // Redirects within the server are followed; to anywhere else the bearer token would go
    // along, so those end the call with a sentence naming the new address.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::SameOriginRedirectPolicy);
    return request;
}

void ApiRequest::setMaxBodyBytes(qint64 bytes)
{
    m_maxBodyBytes = std::max<qint64>(bytes, 1);
}

void ApiRequest::send(QNetworkAccessManager *network, const QNetworkRequest &request,
                      const QByteArray &verb, const QByteArray &body,
                      std::chrono::milliseconds timeout, const QUrl &server)
{
    m_timeout = timeout;
    m_server = server;
    m_verb = verb;
    m_path = request.url().path();
    m_clock.start();
    qCDebug(lcClient).noquote() << verb << request.url().toDisplayString(QUrl::RemoveUserInfo);
    QNetworkReply *reply = nullptr;
    if (verb == "GET")
        reply = network->get(request);
    else if (verb == "DELETE")
        reply = network->deleteResource(request);
    else if (verb == "POST")
        reply = network->post(request, body);
    else if (verb == "PUT")
        reply = network->put(request, body);
    else
        reply = network->sendCustomRequest(request, verb, body);
    m_reply = reply;
    reply->setReadBufferSize(ReadBufferBytes);
    // The reply is ours to delete (releaseReply), before or with us.
    connect(reply, &QNetworkReply::metaDataChanged, this, &ApiRequest::onMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &ApiRequest::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &ApiRequest::onFinished);
    connect(reply, &QNetworkReply::downloadProgress, this, &ApiRequest::onProgress);
    connect(reply, &QNetworkReply::uploadProgress, this, &ApiRequest::onProgress);
    // A manager destroyed under a running request takes the reply along: still one result.
    connect(reply, &QObject::destroyed, this, [this] {
        m_reply = nullptr;
        finishLater(ApiError::network(
            tr("The request to %1 was cancelled").arg(TransportError::serverName(m_server))));
    });
    m_timer.start(m_timeout);
}

void ApiRequest::finishLater(const Expected<ApiResponse> &result)
{
    QMetaObject::invokeMethod(
        this, [this, result] { finish(result); }, Qt::QueuedConnection);
}

void ApiRequest::finishAfter(const Expected<ApiResponse> &result, std::chrono::milliseconds delay)
{
    m_timer.disconnect(this);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this, result] { finish(result); });
    m_timer.start(delay);
}

void ApiRequest::cancel(const ApiError &error)
{
    releaseReply();
    finish(error);
}

void ApiRequest::onProgress()
{
    // A transfer timeout, like QNetworkRequest::setTransferTimeout: silence counts, not length.
    if (!m_finished)
        m_timer.start(m_timeout);
}

void ApiRequest::onTimeout()
{
    releaseReply();
    finish(TransportError::timedOut(m_timeout));
}

void ApiRequest::onContextDestroyed()
{
    // Nobody wants the answer: stop the transfer, run nothing.
    releaseReply();
    m_finished = true;
    m_handler = nullptr;
    deleteLater();
}

qint64 ApiRequest::bodyLimit(const QNetworkReply &reply) const
{
    const int status = statusOf(reply);
    return status >= 200 && status < 300 ? m_maxBodyBytes : MaxErrorBodyBytes;
}

void ApiRequest::onMetaData()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply || m_finished)
        return;
    // A body announced larger than we take is refused before a byte of it is read.
    const int status = statusOf(*reply);
    bool known = false;
    const qint64 announced = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&known);
    if (known && status >= 200 && status < 300 && announced > m_maxBodyBytes) {
        qCDebug(lcClient) << "refusing an answer of" << announced << "bytes from" << m_server;
        releaseReply();
        finish(TransportError::tooLarge(m_server, m_maxBodyBytes));
    }
}

void ApiRequest::onReadyRead()
{
    if (QNetworkReply *reply = m_reply.data(); reply && !m_finished)
        absorb(*reply);
}

bool ApiRequest::absorb(QNetworkReply &reply)
{
    const qint64 limit = bodyLimit(reply);
    // One byte more than the limit tells "too large" from "exactly the limit".
    m_body += reply.read(std::max<qint64>(0, limit + 1 - m_body.size()));
    if (m_body.size() <= limit)
        return true;
    const int status = statusOf(reply);
    Expected<ApiResponse> result;
    if (status >= 200 && status < 300) {
        qCDebug(lcClient) << "an answer from" << m_server << "went over" << limit << "bytes";
        result = TransportError::tooLarge(m_server, limit);
    } else {
        // Enough of an error answer: its sentence is at the start.
        m_body.truncate(limit);
        result = resultOf(reply);
    }
    releaseReply();
    finish(result);
    return false;
}

Expected<ApiResponse> ApiRequest::resultOf(const QNetworkReply &reply) const
{
    const int status = statusOf(reply);
    const QNetworkReply::NetworkError error = reply.error();
    // The answer to an If-None-Match: what the caller has is still current.
    if (status == 304)
        return ApiResponse{status, {}, reply.rawHeader("ETag")};
    if (TransportError::isRedirect(reply))
        return TransportError::redirected(reply, m_server);
    if (TransportError::isTransportFailure(error) || status == 0)
        return TransportError::fromReply(reply, m_server);
    if (status >= 200 && status < 300)
        return ApiResponse{status, m_body, reply.rawHeader("ETag")};
    if (status >= 400)
        return ApiError::fromBody(status, m_body);
    return ApiError::badResponse(
        status, tr("The server answered with the unexpected status %1").arg(status));
}

void ApiRequest::onFinished()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply || m_finished)
        return;
    if (!absorb(*reply))
        return;
    const Expected<ApiResponse> result = resultOf(*reply);
    releaseReply();
    finish(result);
}

void ApiRequest::finish(const Expected<ApiResponse> &result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    if (result)
        qCDebug(lcClient).noquote()
            << m_verb << m_path << "->" << result->status << "in" << m_clock.elapsed() << "ms";
    else
        qCDebug(lcClient).noquote() << m_verb << m_path << "->" << result.error().status
                                    << result.error().message << "in" << m_clock.elapsed() << "ms";
    Handler handler = std::move(m_handler);
    m_handler = nullptr;
    deleteLater();
    if (handler && (!m_hasContext || m_context))
        handler(result);
}

void ApiRequest::releaseReply()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply)
        return;
    m_reply = nullptr;
    reply->disconnect(this);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

} // namespace spaces
