#include "PidHandle.h"

#include "UniqueFd.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace spaces {

namespace {

struct ProcessStat
{
    char state = 0;
    quint64 startTime = 0;
};

std::optional<ProcessStat> readStat(qint64 pid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%lld/stat", static_cast<long long>(pid));
    const UniqueFd fd(::open(path, O_RDONLY | O_CLOEXEC));
    if (!fd.isValid())
        return std::nullopt;
    char buffer[1024];
    ssize_t size;
    do {
        size = ::read(fd.get(), buffer, sizeof buffer - 1);
    } while (size < 0 && errno == EINTR);
    if (size <= 0)
        return std::nullopt;
    buffer[size] = '\0';
    // "pid (comm) state ..." with comm possibly holding spaces and ')': fields after the last
    // ')' are 3 (state) onwards; the start time is field 22.
    const char *cursor = std::strrchr(buffer, ')');
    if (!cursor)
        return std::nullopt;
    ProcessStat stat;
    int field = 2;
    for (const char *p = cursor + 1; *p; ++p) {
        if (*p != ' ')
            continue;
        ++field;
        if (field == 3)
            stat.state = p[1];
        if (field == 22) {
            stat.startTime = std::strtoull(p + 1, nullptr, 10);
            return stat;
        }
    }
    return std::nullopt;
}

int openPidFd(qint64 pid)
{
    return int(::syscall(SYS_pidfd_open, pid_t(pid), 0));
}

} // namespace

std::optional<PidHandle> PidHandle::of(qint64 pid)
{
    const std::optional<ProcessStat> stat = readStat(pid);
    if (!stat || stat->state == 'Z' || stat->state == 'X')
        return std::nullopt;
    return PidHandle(pid, stat->startTime);
}

QString PidHandle::toString() const
{
    return QStringLiteral("%1:%2").arg(m_pid).arg(m_startTime);
}

std::optional<PidHandle> PidHandle::parse(QStringView text)
{
    const qsizetype colon = text.indexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    bool pidOk = false;
    bool timeOk = false;
    const qint64 pid = text.left(colon).toLongLong(&pidOk);
    const quint64 start = text.mid(colon + 1).toULongLong(&timeOk);
    if (!pidOk || !timeOk || pid <= 1)
        return std::nullopt;
    return PidHandle(pid, start);
}

bool PidHandle::isAlive() const
{
    const std::optional<ProcessStat> stat = readStat(m_pid);
    return stat && stat->startTime == m_startTime && stat->state != 'Z' && stat->state != 'X';
}

void PidHandle::kill() const
{
    const UniqueFd pidFd(openPidFd(m_pid));
    // Checked after the pidfd pins the pid: from here on it cannot be recycled.
    if (!pidFd.isValid() || !isAlive())
        return;
    ::syscall(SYS_pidfd_send_signal, pidFd.get(), SIGKILL, nullptr, 0);
}

UniqueFd PidHandle::exitNotifier() const
{
    UniqueFd pidFd(openPidFd(m_pid));
    // Checked after the pidfd pins the pid, as in kill().
    if (!pidFd.isValid() || !isAlive())
        return {};
    return pidFd;
}

bool PidHandle::waitForExit(std::chrono::milliseconds limit) const
{
    const UniqueFd pidFd(openPidFd(m_pid));
    if (!pidFd.isValid() || !isAlive())
        return true;
    pollfd entry{pidFd.get(), POLLIN, 0};
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        const int ready = ::poll(&entry, 1, int(std::max<qint64>(0, left.count())));
        if (ready > 0)
            return true;
        if (ready == 0)
            return !isAlive();
        if (errno != EINTR)
            return !isAlive();
    }
}

} // namespace spaces
