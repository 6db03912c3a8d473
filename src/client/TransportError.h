#pragma once

#include "ApiError.h"

#include <QCoreApplication>
#include <QNetworkReply>
#include <QString>
#include <QUrl>
#include <chrono>

namespace spaces {

// The sentences for calls that got no usable HTTP answer (refused, reset, cut off, timed out),
// shared by ApiRequest and EventStream so that both say the same thing.
class TransportError final
{
    Q_DECLARE_TR_FUNCTIONS(spaces::TransportError)

public:
    // The server as users know it: "http://127.0.0.1:9", "https://knot.example.com/knot".
    static QString serverName(const QUrl &url);
    // A reply that failed below HTTP: "Cannot reach http://127.0.0.1:9: connection refused",
    // or, when a status line had arrived, that the answer was cut off.
    static ApiError fromReply(const QNetworkReply &reply, const QUrl &server);
    // A redirect the client does not follow (to another server: the token would go along).
    static ApiError redirected(const QNetworkReply &reply, const QUrl &server);
    static bool isRedirect(const QNetworkReply &reply);
    // "The answer from http://127.0.0.1:9 was larger than 64 MiB" (kind BadResponse).
    static ApiError tooLarge(const QUrl &server, qint64 limit);
    // 67108864 -> "64 MiB", 1536 -> "1.5 KiB", 100 -> "100 bytes".
    static QString size(qint64 bytes);
    // "The server did not answer within 60 s".
    static ApiError timedOut(std::chrono::milliseconds timeout);
    // 60000 ms -> "60", 1500 ms -> "1.5", 250 ms -> "0.25".
    static QString seconds(std::chrono::milliseconds duration);
    // Whether the reply's error is one of the transport failures (not an HTTP status).
    static bool isTransportFailure(QNetworkReply::NetworkError error);

private:
    static QString reason(const QNetworkReply &reply);
};

} // namespace spaces
