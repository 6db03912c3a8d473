#pragma once

namespace spaces {

// Owns one POSIX file descriptor and closes it on destruction, so that every early return
// releases what it opened (a leaked pipe end would keep a reader from ever seeing EOF).
class UniqueFd final
{
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) noexcept
        : m_fd(fd)
    {}
    ~UniqueFd();

    UniqueFd(UniqueFd &&other) noexcept
        : m_fd(other.release())
    {}
    UniqueFd &operator=(UniqueFd &&other) noexcept;
    UniqueFd(const UniqueFd &) = delete;
    UniqueFd &operator=(const UniqueFd &) = delete;

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
