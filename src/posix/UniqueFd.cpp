#include "UniqueFd.h"

#include <unistd.h>

namespace spaces {

UniqueFd::~UniqueFd()
{
    reset();
}

UniqueFd &UniqueFd::operator=(UniqueFd &&other) noexcept
{
    if (this != &other) {
        reset(other.release());
    }
    return *this;
}

int UniqueFd::release() noexcept
{
    const int fd = m_fd;
    m_fd = -1;
    return fd;
}

void UniqueFd::reset(int fd) noexcept
{
    if (m_fd >= 0) {
        // Never retry close() on EINTR: on Linux the descriptor is already released and a retry
        // could close a descriptor another thread has just been given.
        ::close(m_fd);
    }
    m_fd = fd;
}

} // namespace spaces
