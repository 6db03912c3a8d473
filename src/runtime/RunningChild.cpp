#include "RunningChild.h"

#include "SpawnerProtocol.h"

#include <cerrno>
#include <csignal>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace spaces {

namespace {

// glibc 2.36's <sys/pidfd.h> lacks extern "C", so the wrapper cannot be linked from C++.
int openPidFd(pid_t pid)
{
#ifdef SYS_pidfd_open
    return int(::syscall(SYS_pidfd_open, pid, 0)); // close-on-exec by definition
#else
    Q_UNUSED(pid);
    errno = ENOSYS;
    return -1;
#endif
}

} // namespace

RunningChild RunningChild::forked(pid_t pid)
{
    RunningChild child;
    child.m_pid = pid;
    child.m_pidFd.reset(openPidFd(pid));
    return child;
}

RunningChild RunningChild::spawned(pid_t pid, UniqueFd connection)
{
    RunningChild child;
    child.m_pid = pid;
    child.m_spawner = std::move(connection);
    return child;
}

bool RunningChild::reap(int *status, bool block)
{
    if (m_reaped) {
        *status = m_status;
        return true;
    }
    if (m_spawner.isValid()) {
        if (!block) {
            pollfd entry{m_spawner.get(), POLLIN, 0};
            if (::poll(&entry, 1, 0) == 0)
                return false;
        }
        // The status, or the end of the socket: a spawner that ended (with spacesd) has
        // taken its children's groups with it, and nobody can tell how they ended.
        SpawnerProtocol::Exit exit{};
        m_status =
            SpawnerProtocol::readExact(m_spawner.get(), &exit, sizeof exit) ? exit.status : -1;
        m_reaped = true;
        m_spawner.reset();
        *status = m_status;
        return true;
    }
    for (;;) {
        const pid_t result = ::waitpid(m_pid, status, block ? 0 : WNOHANG);
        if (result == m_pid)
            break;
        if (result == 0)
            return false;
        if (errno == EINTR)
            continue;
        // ECHILD: someone else reaped it (a SIGCHLD handler with waitpid(-1)); the status is lost.
        *status = -1;
        break;
    }
    m_reaped = true;
    m_status = *status;
    return true;
}

void RunningChild::killGroup()
{
    if (m_spawner.isValid()) {
        const char kill = SpawnerProtocol::KillGroup;
        ::send(m_spawner.get(), &kill, 1, MSG_NOSIGNAL);
        return;
    }
    // Not reaped yet, so its pid (the group's id) cannot have been reused.
    if (!m_reaped && m_pid > 0)
        ::kill(-m_pid, SIGKILL);
}

} // namespace spaces
