#pragma once

#include "ApiContext.h"
#include "HttpResponder.h"
#include "Router.h"

namespace spaces {

// A space's service log: GET /api/spaces/{id}/logs?lines=N as plain text (for scripts and
// curl), and GET /logs/{id}/stream over WebSocket with Knot's frames: the history, a frame
// holding a single 0x00, then live lines as they are written.
class LogRoutes final
{
public:
    explicit LogRoutes(ApiContext &context)
        : m_context(context)
    {}
    void install(Router &router);

    static constexpr int DefaultLines = 100;
    // The history a stream starts with.
    static constexpr int StreamHistoryLines = 1000;

private:
    void tail(const QString &key, const HttpRequest &request, HttpResponder responder);
    void stream(const QString &key, const HttpRequest &request, HttpResponder responder);

    ApiContext &m_context;
};

} // namespace spaces
