#include "TransportError.h"

namespace spaces {

QString TransportError::serverName(const QUrl &url)
{
    return url
        .adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment |
                  QUrl::StripTrailingSlash)
        .toDisplayString();
}

bool TransportError::isTransportFailure(QNetworkReply::NetworkError error)
{
    // Qt numbers network-layer errors 1..99 and proxy errors 101..199; from 201 on they
    // describe HTTP answers (content, protocol, server), which carry a status of their own.
    const int code = static_cast<int>(error);
    return code > 0 && code < 200;
}

QString TransportError::reason(const QNetworkReply &reply)
{
    switch (reply.error()) {
    case QNetworkReply::ConnectionRefusedError:
        return tr("connection refused");
    case QNetworkReply::RemoteHostClosedError:
        return tr("the server closed the connection");
    case QNetworkReply::HostNotFoundError:
        return tr("host not found");
    case QNetworkReply::TimeoutError:
        return tr("the connection timed out");
    case QNetworkReply::OperationCanceledError:
        return tr("the request was cancelled");
    case QNetworkReply::SslHandshakeFailedError:
        return tr("the secure connection failed (%1)").arg(reply.errorString());
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return tr("the network is not available");
    case QNetworkReply::ProtocolUnknownError:
        return tr("the address is not an http or https URL");
    default:
        return reply.errorString();
    }
}

ApiError TransportError::fromReply(const QNetworkReply &reply, const QUrl &server)
{
    const QString name = serverName(server);
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status > 0) {
        // The status line and headers came, the body did not (all of it).
        return ApiError::network(tr("The connection to %1 broke before the answer was complete: %2")
                                     .arg(name, reason(reply)));
    }
    const QString sentence = tr("Cannot reach %1: %2").arg(name, reason(reply));
    if (reply.error() == QNetworkReply::TimeoutError)
        return ApiError::timeout(sentence);
    return ApiError::network(sentence);
}

bool TransportError::isRedirect(const QNetworkReply &reply)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return (status >= 300 && status < 400) ||
           reply.error() == QNetworkReply::InsecureRedirectError ||
           reply.error() == QNetworkReply::TooManyRedirectsError;
}

ApiError TransportError::redirected(const QNetworkReply &reply, const QUrl &server)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply.error() == QNetworkReply::TooManyRedirectsError)
        return ApiError::badResponse(
            status, tr("The server at %1 redirects in circles").arg(serverName(server)));
    QUrl target = reply.attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
    if (target.isEmpty())
        target = QUrl::fromEncoded(reply.rawHeader("Location"));
    target = reply.url().resolved(target);
    return ApiError::badResponse(
        status, tr("The server at %1 redirects to %2: use that address instead")
                    .arg(serverName(server), serverName(target.adjusted(QUrl::RemovePath))));
}

ApiError TransportError::tooLarge(const QUrl &server, qint64 limit)
{
    return ApiError::badResponse(
        0, tr("The answer from %1 was larger than %2").arg(serverName(server), size(limit)));
}

QString TransportError::size(qint64 bytes)
{
    const auto scaled = [](qint64 value, qint64 unit) {
        QString text =
            QString::number(static_cast<double>(value) / static_cast<double>(unit), 'f', 1);
        if (text.endsWith(QLatin1StringView(".0")))
            text.chop(2);
        return text;
    };
    constexpr qint64 KiB = 1024;
    constexpr qint64 MiB = 1024 * KiB;
    if (bytes >= MiB)
        return tr("%1 MiB").arg(scaled(bytes, MiB));
    if (bytes >= KiB)
        return tr("%1 KiB").arg(scaled(bytes, KiB));
    return tr("%n byte(s)", nullptr, int(bytes));
}

ApiError TransportError::timedOut(std::chrono::milliseconds timeout)
{
    return ApiError::timeout(tr("The server did not answer within %1 s").arg(seconds(timeout)));
}

QString TransportError::seconds(std::chrono::milliseconds duration)
{
    // Whole seconds print without decimals, else up to three (no trailing zeros).
    const qint64 ms = duration.count();
    if (ms % 1000 == 0)
        return QString::number(ms / 1000);
    QString text = QString::number(static_cast<double>(ms) / 1000.0, 'f', 3);
    while (text.endsWith(u'0'))
        text.chop(1);
    return text;
}

} // namespace spaces
