#include "HttpStream.h"

#include "HttpSession.h"

namespace spaces {

HttpStream::HttpStream(std::weak_ptr<HttpSession> session, std::shared_ptr<std::atomic_bool> open)
    : m_session(std::move(session))
    , m_open(std::move(open))
{}

HttpStream::~HttpStream()
{
    close();
}

bool HttpStream::write(const QByteArray &bytes)
{
    if (!m_open->load())
        return false;
    const std::shared_ptr<HttpSession> session = m_session.lock();
    if (!session)
        return false;
    session->writeStream(bytes);
    return true;
}

void HttpStream::close()
{
    if (!m_open->exchange(false))
        return;
    if (const std::shared_ptr<HttpSession> session = m_session.lock())
        session->closeStream();
}

} // namespace spaces
