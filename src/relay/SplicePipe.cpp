#include "SplicePipe.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace spaces {

namespace {

// The pipe's default capacity (16 pages). Asking for more per splice() is harmless: the kernel
// moves what fits. Larger pipes (F_SETPIPE_SZ) cost kernel memory per connection and count
// against the per-user pipe budget, which 1,000 connections (2,000 pipes) would exhaust.
constexpr std::size_t kSpliceChunk = 1 << 20;
constexpr unsigned kSpliceFlags = SPLICE_F_MOVE | SPLICE_F_NONBLOCK;

} // namespace

SplicePipe::SplicePipe()
{
    int fds[2] = {-1, -1};
    if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0) {
        m_read.reset(fds[0]);
        m_write.reset(fds[1]);
    }
}

void SplicePipe::close()
{
    m_read.reset();
    m_write.reset();
    m_inPipe = 0;
}

SplicePipe::Progress SplicePipe::pump(int from, int to)
{
    if (m_finished) {
        return Progress::Finished;
    }
    for (;;) {
        // Drain the pipe first: only an empty pipe makes EAGAIN from the source unambiguous
        // (with data still in the pipe it could also mean that the pipe is full).
        while (m_inPipe > 0) {
            const ssize_t written =
                ::splice(m_read.get(), nullptr, to, nullptr, m_inPipe, kSpliceFlags);
            if (written > 0) {
                m_inPipe -= static_cast<std::size_t>(written);
                continue;
            }
            if (written < 0 && errno == EINTR) {
                continue;
            }
            if (written < 0 && errno == EAGAIN) {
                return Progress::Waiting; // the sink is full: stop reading until it is writable
            }
            return Progress::Failed;
        }
        if (m_sourceEnded) {
            // Half-close: pass the EOF on; the other direction keeps running until it ends too.
            ::shutdown(to, SHUT_WR);
            m_finished = true;
            return Progress::Finished;
        }
        const ssize_t read =
            ::splice(from, nullptr, m_write.get(), nullptr, kSpliceChunk, kSpliceFlags);
        if (read > 0) {
            m_inPipe = static_cast<std::size_t>(read);
        } else if (read == 0) {
            m_sourceEnded = true;
        } else if (errno == EAGAIN) {
            return Progress::Waiting; // the source is empty
        } else if (errno != EINTR) {
            return Progress::Failed;
        }
    }
}

} // namespace spaces
