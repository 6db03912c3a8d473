#include "ApiRequest.h"

#include "TransportError.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace spaces {

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

void ApiRequest::send(QNetworkAccessManager *network, const QNetworkRequest &request,
                      const QByteArray &verb, const QByteArray &body,
                      std::chrono::milliseconds timeout, const QUrl &server)
{
    m_timeout = timeout;
    m_server = server;
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
    // The reply is ours to delete (releaseReply), before or with us.
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

void ApiRequest::onFinished()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    const QByteArray body = reply->readAll();
    Expected<ApiResponse> result;
    if (TransportError::isRedirect(*reply)) {
        result = TransportError::redirected(*reply, m_server);
    } else if (TransportError::isTransportFailure(error) || status == 0) {
        result = TransportError::fromReply(*reply, m_server);
    } else if (status >= 200 && status < 300) {
        result = ApiResponse{status, body};
    } else if (status >= 400) {
        result = ApiError::fromBody(status, body);
    } else {
        result = ApiError::badResponse(
            status, tr("The server answered with the unexpected status %1").arg(status));
    }
    releaseReply();
    finish(result);
}

void ApiRequest::finish(const Expected<ApiResponse> &result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
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
