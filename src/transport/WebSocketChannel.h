#pragma once

#include "WebSocketBacklog.h"

#include <QByteArray>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

namespace spaces {

// Sending side of an accepted WebSocket, usable from the Qt thread. Frames queue on the
// connection's strand; a reader that lets more than `bufferLimit()` bytes pile up is
// disconnected, unless the sender watches `queuedBytes()` and waits for `notifyWhenBelow()`
// (flow control: a terminal stops reading its PTY instead).
class WebSocketChannel final
{
public:
    using Sender = std::function<void(QByteArray, bool binary)>;
    using Closer = std::function<void(std::uint16_t code, QByteArray reason)>;
    // Stops (true) or resumes (false) reading the peer's frames.
    using ReadControl = std::function<void(bool paused)>;

    // RFC 6455's "normal closure".
    static constexpr std::uint16_t NormalClosure = 1000;

    WebSocketChannel(Sender sender, Closer closer, std::shared_ptr<std::atomic_bool> open,
                     std::shared_ptr<WebSocketBacklog> backlog, std::size_t bufferLimit,
                     ReadControl readControl = {});

    bool send(const QByteArray &message, bool binary = false);
    // Sends a close frame after the frames queued before it. `reason` (at most 123 bytes)
    // travels in the close frame.
    void close(std::uint16_t code = NormalClosure, const QByteArray &reason = {});
    bool isOpen() const { return m_open->load(); }

    // Bytes handed to send() and not yet written to the network.
    std::size_t queuedBytes() const { return m_backlog->queuedBytes(); }
    std::size_t bufferLimit() const { return m_bufferLimit; }
    // Calls `drained` on the Qt thread once the queue is at `mark` bytes or below (at once
    // when it already is).
    void notifyWhenBelow(std::size_t mark, std::function<void()> drained);

    // Flow control the other way: a receiver that cannot pass frames on (a tunnel whose TCP
    // peer does not read) stops the reading of frames, and the peer's sends then wait in TCP.
    // A frame already on its way may still arrive after pauseReading().
    void pauseReading();
    void resumeReading();

private:
    Sender m_sender;
    Closer m_closer;
    std::shared_ptr<std::atomic_bool> m_open;
    std::shared_ptr<WebSocketBacklog> m_backlog;
    std::size_t m_bufferLimit = 0;
    ReadControl m_readControl;
};

} // namespace spaces
