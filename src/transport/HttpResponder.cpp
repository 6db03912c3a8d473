#include "HttpResponder.h"

#include "HttpSession.h"
#include "HttpStream.h"

namespace spaces {

HttpResponder::State::~State()
{
    if (!answered && session)
        session->answer(sequence,
                        HttpResponse::error(500, QStringLiteral("the server gave no answer")));
}

HttpResponder::HttpResponder(std::shared_ptr<HttpSession> session, std::uint64_t sequence)
    : m_state(std::make_shared<State>())
{
    m_state->session = std::move(session);
    m_state->sequence = sequence;
}

std::shared_ptr<HttpSession> HttpResponder::claim()
{
    if (m_state->answered)
        return nullptr;
    m_state->answered = true;
    // Let go of the connection: it stays alive through its own reads and writes.
    return std::exchange(m_state->session, nullptr);
}

void HttpResponder::send(HttpResponse response)
{
    const std::uint64_t sequence = m_state->sequence;
    if (const std::shared_ptr<HttpSession> session = claim())
        session->answer(sequence, std::move(response));
}

std::shared_ptr<HttpStream> HttpResponder::openStream(HttpResponse head)
{
    auto open = std::make_shared<std::atomic_bool>(false);
    const std::shared_ptr<HttpSession> session = claim();
    if (session) {
        open->store(true);
        session->openStream(m_state->sequence, std::move(head), open);
    }
    return std::make_shared<HttpStream>(session, open);
}

void HttpResponder::acceptWebSocket(std::shared_ptr<WebSocketHandler> handler)
{
    if (const std::shared_ptr<HttpSession> session = claim())
        session->upgrade(m_state->sequence, std::move(handler));
}

} // namespace spaces
