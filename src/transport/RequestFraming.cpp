#include "RequestFraming.h"

#include <boost/beast/http/error.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <limits>

namespace spaces {

namespace http = boost::beast::http;

namespace {

QByteArray bytes(boost::beast::string_view text)
{
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace

void RequestFraming::prepare(Parser &parser, const HttpLimits &limits)
{
    parser.header_limit(static_cast<std::uint32_t>(limits.maxHeaderBytes));
    // Not boost::none: Beast 1.74 compares the Content-Length against an empty optional as if
    // it were a limit of zero.
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
}

HttpResponse RequestFraming::parseError(const boost::system::error_code &error)
{
    if (error == http::error::header_limit)
        return HttpResponse::error(431, QStringLiteral("request header fields too large"));
    if (error == http::error::bad_content_length || error == http::error::bad_transfer_encoding)
        return HttpResponse::error(
            400, QStringLiteral("conflicting Content-Length or Transfer-Encoding fields"));
    return HttpResponse::error(400, QStringLiteral("malformed HTTP request"));
}

std::optional<HttpResponse> RequestFraming::check(const Header &header, const HttpLimits &limits)
{
    std::size_t count = 0;
    for (auto it = header.begin(); it != header.end(); ++it)
        ++count;
    if (count > limits.maxHeaderCount)
        return HttpResponse::error(431, QStringLiteral("too many request header fields"));
    // Beast takes any coding list ending in "chunked" and ignores others ("xchunked"): we
    // decode nothing but plain chunked, so anything else is refused rather than misframed.
    QList<QByteArray> codings;
    const auto range = header.equal_range(http::field::transfer_encoding);
    for (auto it = range.first; it != range.second; ++it) {
        const QList<QByteArray> parts = bytes(it->value()).split(',');
        for (const QByteArray &part : parts)
            codings.append(part.trimmed().toLower());
    }
    if (range.first != range.second &&
        (codings.size() != 1 || codings.first() != QByteArrayLiteral("chunked")))
        return HttpResponse::error(501, QStringLiteral("transfer coding not implemented"));
    return std::nullopt;
}

HttpRequest RequestFraming::describe(const Parser &parser, const QHostAddress &peer)
{
    const Header &header = parser.get();
    HttpRequest request;
    request.method = bytes(header.method_string());
    request.setTarget(bytes(header.target()));
    for (const auto &field : header)
        request.headers.append({bytes(field.name_string()), bytes(field.value())});
    request.peer = peer;
    const auto length = parser.content_length();
    request.bodyExpected = parser.chunked() || (length && *length > 0);
    request.webSocketUpgrade = boost::beast::websocket::is_upgrade(header);
    return request;
}

HttpResponse RequestFraming::bodyTooLarge(const HttpLimits &limits)
{
    constexpr std::size_t MiB = 1024 * 1024;
    const QString limit = limits.maxBodyBytes % MiB == 0
                              ? QStringLiteral("%1 MiB").arg(limits.maxBodyBytes / MiB)
                              : QStringLiteral("%1 bytes").arg(limits.maxBodyBytes);
    return HttpResponse::error(
        413, QStringLiteral("request body too large: the limit is %1").arg(limit));
}

} // namespace spaces
