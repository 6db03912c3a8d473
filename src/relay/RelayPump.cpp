#include "RelayPump.h"

#include <cerrno>
#include <sys/mman.h>
#include <sys/socket.h>

namespace spaces {

namespace {

// 1 MiB, like `socat -b 1048576`: one recv() takes everything a bulk sender has queued, so a
// direction needs few system calls and wake-ups per megabyte (smaller buffers measured slower).
// The buffer is mapped, not malloc'ed, so that only the pages a connection actually fills are
// committed: an interactive connection costs a few KiB, and all of it returns to the system
// when the connection ends.
constexpr std::size_t kBufferSize = 1 << 20;

} // namespace

RelayPump::RelayPump()
{
    void *mapping =
        ::mmap(nullptr, kBufferSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapping != MAP_FAILED) {
        m_buffer = static_cast<char *>(mapping);
        m_size = kBufferSize;
    }
}

RelayPump::~RelayPump()
{
    if (m_buffer) {
        ::munmap(m_buffer, m_size);
    }
}

RelayPump::Result RelayPump::run(int from, int to)
{
    if (!m_buffer) {
        return Result::SourceFailed; // out of memory: end the connection rather than stall it
    }
    for (;;) {
        const ssize_t received = ::recv(from, m_buffer, m_size, 0);
        if (received == 0) {
            return Result::SourceEof;
        }
        if (received < 0) {
            if (errno == EINTR) {
                continue;
            }
            return Result::SourceFailed;
        }
        std::size_t offset = 0;
        while (offset < static_cast<std::size_t>(received)) {
            // MSG_NOSIGNAL: a peer that went away must produce EPIPE, not kill the process.
            const ssize_t sent = ::send(to, m_buffer + offset,
                                        static_cast<std::size_t>(received) - offset, MSG_NOSIGNAL);
            if (sent < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return Result::SinkFailed;
            }
            offset += static_cast<std::size_t>(sent);
        }
    }
}

} // namespace spaces
