#include "WebSocketChannel.h"

namespace spaces {

WebSocketChannel::WebSocketChannel(Sender sender, Closer closer,
                                   std::shared_ptr<std::atomic_bool> open,
                                   std::shared_ptr<WebSocketBacklog> backlog,
                                   std::size_t bufferLimit, ReadControl readControl)
    : m_sender(std::move(sender))
    , m_closer(std::move(closer))
    , m_open(std::move(open))
    , m_backlog(std::move(backlog))
    , m_bufferLimit(bufferLimit)
    , m_readControl(std::move(readControl))
{}

bool WebSocketChannel::send(const QByteArray &message, bool binary)
{
    if (!m_open->load())
        return false;
    // Counted before it travels to the strand, so that a sender looking right after this
    // call sees it.
    m_backlog->added(static_cast<std::size_t>(message.size()));
    m_sender(message, binary);
    return true;
}

void WebSocketChannel::close(std::uint16_t code, const QByteArray &reason)
{
    if (m_open->load())
        m_closer(code, reason.left(123)); // a control frame's payload is 125 bytes at most
}

void WebSocketChannel::notifyWhenBelow(std::size_t mark, std::function<void()> drained)
{
    m_backlog->notifyWhenBelow(mark, std::move(drained));
}

void WebSocketChannel::pauseReading()
{
    if (m_readControl)
        m_readControl(true);
}

void WebSocketChannel::resumeReading()
{
    if (m_readControl)
        m_readControl(false);
}

} // namespace spaces
