#pragma once

#include "HttpResponse.h"

#include <QByteArray>
#include <atomic>
#include <cstdint>
#include <memory>

namespace spaces {

class WebSocketHandler;

// What the Qt side may ask of one connection. Every call may come from any thread: the
// connection posts it to its own strand. Answers are written in the order of the requests,
// whatever order they come in.
class HttpSession
{
public:
    virtual ~HttpSession() = default;

    virtual void answer(std::uint64_t sequence, HttpResponse response) = 0;
    // The head now, a body of unknown length written with writeStream() later; `open` turns
    // false when the connection has gone.
    virtual void openStream(std::uint64_t sequence, HttpResponse head,
                            std::shared_ptr<std::atomic_bool> open) = 0;
    virtual void writeStream(QByteArray bytes) = 0;
    virtual void closeStream() = 0;
    virtual void upgrade(std::uint64_t sequence, std::shared_ptr<WebSocketHandler> handler) = 0;
};

} // namespace spaces
