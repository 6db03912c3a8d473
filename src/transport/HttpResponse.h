#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace spaces {

// One HTTP answer: status, media type, body and any extra fields. The transport adds the
// framing fields (Content-Length, Connection) itself.
struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    // {"error":"<sentence>"} with the status, as every error of the API reads.
    static HttpResponse error(int status, const QString &sentence);
    // The status line and fields; with `contentLength` false the body runs to the close of
    // the connection (a stream).
    QByteArray head(bool keepAlive, bool contentLength = true) const;
    QByteArray serialize(bool keepAlive) const;
};

} // namespace spaces
