#include "WebSocketBacklog.h"

#include <utility>

namespace spaces {

std::function<void()> WebSocketBacklog::takeIfBelow()
{
    const std::lock_guard lock(m_mutex);
    if (!m_drained || m_queued.load() > m_mark)
        return {};
    return std::exchange(m_drained, nullptr);
}

std::function<void()> WebSocketBacklog::removed(std::size_t bytes)
{
    m_queued.fetch_sub(bytes);
    return takeIfBelow();
}

void WebSocketBacklog::notifyWhenBelow(std::size_t mark, std::function<void()> drained)
{
    {
        const std::lock_guard lock(m_mutex);
        m_mark = mark;
        m_drained = std::move(drained);
    }
    // The queue may have drained before the wish was stored: then no write would ever call.
    if (const std::function<void()> now = takeIfBelow())
        now();
}

} // namespace spaces
