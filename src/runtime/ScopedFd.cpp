#include "ScopedFd.h"

#include <unistd.h>

namespace spaces {

ScopedFd &ScopedFd::operator=(ScopedFd &&other) noexcept
{
    if (this != &other)
        reset(other.release());
    return *this;
}

int ScopedFd::release() noexcept
{
    const int fd = m_fd;
    m_fd = -1;
    return fd;
}

void ScopedFd::reset(int fd) noexcept
{
    // close() is not retried on EINTR: on Linux the descriptor is released either way.
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = fd;
}

} // namespace spaces
