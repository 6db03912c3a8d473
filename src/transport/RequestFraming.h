#pragma once

#include "HttpLimits.h"
#include "HttpRequest.h"
#include "HttpResponse.h"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>

namespace spaces {

// The strict HTTP/1.1 framing rules (RFC 9112) the transport applies to a request head before
// anything else happens, kept apart from the I/O so that the fuzz target runs the very same
// code on arbitrary bytes.
class RequestFraming final
{
public:
    using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
    using Header = boost::beast::http::request<boost::beast::http::string_body>;

    // Limits for reading the head: the body limit is applied only once the head is admitted.
    static void prepare(Parser &parser, const HttpLimits &limits);
    // The answer to a head the parser refused (400 or 431).
    static HttpResponse parseError(const boost::system::error_code &error);
    // Too many fields (431), a transfer coding other than plain chunked (501).
    static std::optional<HttpResponse> check(const Header &header, const HttpLimits &limits);
    // The head as routes see it.
    static HttpRequest describe(const Parser &parser, const QHostAddress &peer);
    // 413 with the limit in words.
    static HttpResponse bodyTooLarge(const HttpLimits &limits);
};

} // namespace spaces
