#pragma once

#include <QByteArray>
#include <atomic>
#include <memory>

namespace spaces {

class HttpSession;

// The body of a streamed answer (Server-Sent Events), written piece by piece from the Qt
// thread. A reader that falls behind by more than the stream buffer limit is disconnected.
class HttpStream final
{
public:
    HttpStream(std::weak_ptr<HttpSession> session, std::shared_ptr<std::atomic_bool> open);
    ~HttpStream();
    HttpStream(const HttpStream &) = delete;
    HttpStream &operator=(const HttpStream &) = delete;

    // False when the connection is gone; nothing is written then.
    bool write(const QByteArray &bytes);
    bool isOpen() const { return m_open->load(); }
    void close();

private:
    std::weak_ptr<HttpSession> m_session;
    std::shared_ptr<std::atomic_bool> m_open;
};

} // namespace spaces
