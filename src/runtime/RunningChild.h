#pragma once

#include "UniqueFd.h"

#include <sys/types.h>

namespace spaces {

// A command's main process as CommandRunner waits for it: either a child of this process
// (forked here: a pidfd tells its end, waitpid() its status) or a child of the spawner
// (Spawner: the spawner reaps it and writes its status on the request's socket, and ends its
// group on request, because only the parent may know the pid was not reused meanwhile).
class RunningChild final
{
public:
    static RunningChild forked(pid_t pid);
    static RunningChild spawned(pid_t pid, UniqueFd connection);

    pid_t pid() const { return m_pid; }
    // Readable once the process has ended; -1 when there is nothing to poll (then reap()
    // must be polled).
    int exitFd() const { return m_spawner.isValid() ? m_spawner.get() : m_pidFd.get(); }
    // The wait status once it has ended (-1: unknown, e.g. reaped by someone else); false
    // while it runs (only with block false).
    bool reap(int *status, bool block);
    // SIGKILL to its whole process group (it leads one: setsid before exec).
    void killGroup();

private:
    pid_t m_pid = -1;
    UniqueFd m_pidFd;
    UniqueFd m_spawner;
    bool m_reaped = false;
    int m_status = -1;
};

} // namespace spaces
