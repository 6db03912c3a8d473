#pragma once

#include <QByteArray>
#include <atomic>
#include <functional>
#include <memory>

namespace spaces {

// Sending side of an accepted WebSocket, usable from the Qt thread. Frames queue on the
// connection's strand; a reader that lets more than the stream buffer limit pile up is
// disconnected.
class WebSocketChannel final
{
public:
    using Sender = std::function<void(QByteArray, bool binary)>;
    using Closer = std::function<void()>;

    WebSocketChannel(Sender sender, Closer closer, std::shared_ptr<std::atomic_bool> open);

    bool send(const QByteArray &message, bool binary = false);
    void close();
    bool isOpen() const { return m_open->load(); }

private:
    Sender m_sender;
    Closer m_closer;
    std::shared_ptr<std::atomic_bool> m_open;
};

} // namespace spaces
