#include "ApiCall.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace spaces::test {

QUrl ApiCall::url(const QString &path) const
{
    QUrl result = m_base;
    const qsizetype query = path.indexOf(u'?');
    result.setPath(query < 0 ? path : path.left(query));
    if (query >= 0)
        result.setQuery(path.mid(query + 1));
    return result;
}

ApiReply ApiCall::get(const QString &path) const
{
    return send("GET", path, {}, {});
}

ApiReply ApiCall::post(const QString &path, const QJsonObject &body) const
{
    return json("POST", path, body);
}

ApiReply ApiCall::put(const QString &path, const QJsonObject &body) const
{
    return json("PUT", path, body);
}

ApiReply ApiCall::del(const QString &path) const
{
    return send("DELETE", path, {}, {});
}

ApiReply ApiCall::json(const QByteArray &method, const QString &path, const QJsonObject &body) const
{
    return send(method, path, QJsonDocument(body).toJson(QJsonDocument::Compact),
                {{"Content-Type", "application/json"}});
}

ApiReply ApiCall::send(const QByteArray &method, const QString &path, const QByteArray &body,
                       const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs) const
{
    QNetworkAccessManager manager;
    QNetworkRequest request(url(path));
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    request.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = manager.sendCustomRequest(request, method, body);
    // Tests serve HTTPS with a self-signed certificate made for the test.
    QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                     [reply] { reply->ignoreSslErrors(); });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    ApiReply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    result.entityTag = reply->rawHeader("ETag");
    result.json = QJsonDocument::fromJson(result.body).object();
    if (reply->error() != QNetworkReply::NoError && result.status == 0)
        result.networkError = reply->errorString();
    reply->deleteLater();
    return result;
}

} // namespace spaces::test
