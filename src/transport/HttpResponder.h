#pragma once

#include "HttpResponse.h"

#include <cstdint>
#include <memory>

namespace spaces {

class HttpSession;
class HttpStream;
class WebSocketHandler;

// How a route answers one request, now or later, from the Qt thread or a worker (one thread
// at a time): a whole response, a stream, or a WebSocket upgrade. Copies share one answer; the
// first one given counts. If the last copy goes without an answer the client gets a 500 rather than
// waiting for ever.
class HttpResponder final
{
public:
    // Holds the connection until the answer is given: nothing else may keep it alive then.
    HttpResponder(std::shared_ptr<HttpSession> session, std::uint64_t sequence);

    void send(HttpResponse response);
    // 200 with `head`'s fields; the body follows through the stream.
    std::shared_ptr<HttpStream> openStream(HttpResponse head);
    // Switches the connection to WebSocket with `handler` (call only after every check:
    // a refusal is a plain send()).
    void acceptWebSocket(std::shared_ptr<WebSocketHandler> handler);
    bool answered() const { return m_state->answered; }

private:
    struct State
    {
        std::shared_ptr<HttpSession> session;
        std::uint64_t sequence = 0;
        bool answered = false;
        ~State();
    };
    std::shared_ptr<HttpSession> claim();

    std::shared_ptr<State> m_state;
};

} // namespace spaces
