#pragma once

#include "HttpRequest.h"
#include "HttpResponder.h"
#include "HttpResponse.h"

#include <optional>

namespace spaces {

// The routes' side of the transport. Both calls come on the Qt thread that owns the server.
class HttpHandler
{
public:
    virtual ~HttpHandler() = default;

    // Decides from the request line and fields alone (no body read yet): route known, token
    // valid. An answer here is sent without reading a byte of the body.
    virtual std::optional<HttpResponse> admit(const HttpRequest &head) = 0;
    // The whole request, body included.
    virtual void handle(const HttpRequest &request, HttpResponder responder) = 0;
};

} // namespace spaces
