#pragma once

namespace spaces {

// Owns one file descriptor of the runtime's plumbing (pipes, /dev/null, log files) so that every
// early error return closes what was opened; a leaked pipe end would keep a reader from ever
// seeing EOF.
class ScopedFd final
{
public:
    ScopedFd() = default;
    explicit ScopedFd(int fd) noexcept
        : m_fd(fd)
    {}
    ~ScopedFd() { reset(); }

    ScopedFd(ScopedFd &&other) noexcept
        : m_fd(other.release())
    {}
    ScopedFd &operator=(ScopedFd &&other) noexcept;
    ScopedFd(const ScopedFd &) = delete;
    ScopedFd &operator=(const ScopedFd &) = delete;

    int get() const noexcept { return m_fd; }
    bool isValid() const noexcept { return m_fd >= 0; }

    // Gives up ownership without closing.
    int release() noexcept;
    // Closes the current descriptor (if any) and takes ownership of fd.
    void reset(int fd = -1) noexcept;

private:
    int m_fd = -1;
};

} // namespace spaces
