#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>

namespace spaces {

// The bytes a WebSocket has taken to send and not yet written, shared by the sender (Qt
// thread) and the connection's strand. Counted from the moment a frame is handed over, so
// the sender never sees less than is really queued; a producer that can wait (a terminal)
// pauses above a mark and asks to be told when the queue has drained below another.
class WebSocketBacklog final
{
public:
    std::size_t queuedBytes() const { return m_queued.load(); }

    void added(std::size_t bytes) { m_queued.fetch_add(bytes); }
    // After a write (or a dropped frame). Returns the drained callback to run, if its mark
    // was reached.
    std::function<void()> removed(std::size_t bytes);

    // Calls `drained` once, from whichever thread removes the byte that takes the queue to
    // `mark` or below (at once, on this thread, when it already is). Replaces an earlier wish.
    void notifyWhenBelow(std::size_t mark, std::function<void()> drained);

private:
    std::function<void()> takeIfBelow();

    std::atomic<std::size_t> m_queued{0};
    std::mutex m_mutex;
    std::size_t m_mark = 0;
    std::function<void()> m_drained;
};

} // namespace spaces
