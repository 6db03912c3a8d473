#include "WebSocketChannel.h"

namespace spaces {

WebSocketChannel::WebSocketChannel(Sender sender, Closer closer,
                                   std::shared_ptr<std::atomic_bool> open)
    : m_sender(std::move(sender))
    , m_closer(std::move(closer))
    , m_open(std::move(open))
{}

bool WebSocketChannel::send(const QByteArray &message, bool binary)
{
    if (!m_open->load())
        return false;
    m_sender(message, binary);
    return true;
}

void WebSocketChannel::close()
{
    if (m_open->load())
        m_closer();
}

} // namespace spaces
