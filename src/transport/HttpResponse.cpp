#include "HttpResponse.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <boost/beast/http/status.hpp>

namespace spaces {

HttpResponse HttpResponse::error(int status, const QString &sentence)
{
    HttpResponse response;
    response.status = status;
    response.body = QJsonDocument(QJsonObject{{QStringLiteral("error"), sentence}})
                        .toJson(QJsonDocument::Compact);
    return response;
}

QByteArray HttpResponse::head(bool keepAlive, bool contentLength) const
{
    const auto reason = boost::beast::http::obsolete_reason(
        static_cast<boost::beast::http::status>(static_cast<unsigned>(status)));
    QByteArray out;
    out.reserve(256);
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' +
           QByteArray(reason.data(), static_cast<qsizetype>(reason.size())) + "\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    // A 304 has no body by definition; a Content-Length would have to be the 200's.
    if (contentLength && status != 304)
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    return out;
}

QByteArray HttpResponse::serialize(bool keepAlive) const
{
    return head(keepAlive) + body;
}

} // namespace spaces
