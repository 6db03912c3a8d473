#include "CommandOutputStream.h"

#include <cerrno>
#include <cstdint>
#include <sys/eventfd.h>
#include <unistd.h>

namespace spaces {

CommandOutputStream::CommandOutputStream(qsizetype capacity)
    : m_capacity(qMax<qsizetype>(capacity, 1))
    , m_wakeFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{}

CommandOutputStream::~CommandOutputStream()
{
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
}

void CommandOutputStream::write(const char *data, qsizetype size)
{
    if (size <= 0)
        return;
    std::function<void()> notify;
    {
        const std::lock_guard lock(m_mutex);
        if (m_closed)
            return;
        if (m_chunks.empty())
            notify = m_onReadable;
        m_chunks.emplace_back(data, size);
        m_bytes += size;
    }
    if (notify)
        notify();
}

bool CommandOutputStream::hasRoom() const
{
    const std::lock_guard lock(m_mutex);
    return m_closed || m_bytes < m_capacity;
}

void CommandOutputStream::consumeWake()
{
    std::uint64_t count = 0;
    while (::read(m_wakeFd, &count, sizeof count) < 0 && errno == EINTR) {
    }
}

void CommandOutputStream::setOnReadable(std::function<void()> onReadable)
{
    bool readable = false;
    {
        const std::lock_guard lock(m_mutex);
        m_onReadable = onReadable;
        readable = !m_chunks.empty();
    }
    if (readable && onReadable)
        onReadable();
}

QByteArray CommandOutputStream::take(qsizetype limit)
{
    QByteArray taken;
    bool freed = false;
    {
        const std::lock_guard lock(m_mutex);
        const bool wasFull = m_bytes >= m_capacity;
        while (!m_chunks.empty() && taken.size() < limit) {
            QByteArray &front = m_chunks.front();
            const qsizetype wanted = limit - taken.size();
            if (front.size() <= wanted) {
                taken += front;
                m_chunks.pop_front();
            } else {
                taken += front.left(wanted);
                front.remove(0, wanted);
            }
        }
        m_bytes -= taken.size();
        freed = wasFull && m_bytes < m_capacity;
    }
    if (freed)
        wakeRunner();
    return taken;
}

bool CommandOutputStream::isEmpty() const
{
    const std::lock_guard lock(m_mutex);
    return m_chunks.empty();
}

void CommandOutputStream::close()
{
    {
        const std::lock_guard lock(m_mutex);
        m_closed = true;
        m_chunks.clear();
        m_bytes = 0;
        m_onReadable = nullptr;
    }
    wakeRunner();
}

void CommandOutputStream::wakeRunner()
{
    const std::uint64_t one = 1;
    while (::write(m_wakeFd, &one, sizeof one) < 0 && errno == EINTR) {
    }
}

} // namespace spaces
