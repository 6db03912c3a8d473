#pragma once

#include "UniqueFd.h"

#include <map>
#include <sys/types.h>

namespace spaces {

// The spawner process's whole life (see Spawner): single-threaded, one poll() loop over the
// control socket, a signalfd (children's ends, the server's end) and the sockets of the
// commands running. Each command is forked from here and leads its own session (ChildImage),
// or enters its space's namespaces (ChildIsolation), exactly as when the server forked it.
class SpawnerLoop final
{
public:
    explicit SpawnerLoop(int controlSocket);
    // Returns the exit code once the server is gone.
    int run();

private:
    void receiveRequest();
    void reapChildren();
    void readRunner(pid_t pid);
    void killAll();

    UniqueFd m_control;
    UniqueFd m_signals;
    // Each running command's pid and the socket of the runner waiting for it (invalid once
    // that runner went away: the command is still reaped, its status told to nobody).
    std::map<pid_t, UniqueFd> m_children;
};

} // namespace spaces
