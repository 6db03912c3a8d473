#pragma once

#include "WebSocketChannel.h"

#include <QByteArray>
#include <memory>

namespace spaces {

// One accepted WebSocket, as a route sees it; every call comes on the Qt thread.
class WebSocketHandler
{
public:
    virtual ~WebSocketHandler() = default;

    virtual void opened(std::shared_ptr<WebSocketChannel> channel) = 0;
    virtual void received(const QByteArray &message, bool binary) = 0;
    // The peer closed, the network failed or the reader fell too far behind.
    virtual void closed() = 0;
};

} // namespace spaces
