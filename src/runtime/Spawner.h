#pragma once

#include "RunningChild.h"

#include <QLoggingCategory>
#include <optional>

namespace spaces {

Q_DECLARE_LOGGING_CATEGORY(lcSpawner)

struct SpawnRequest;

// spacesd's commands are started by a small process of its own, forked once at the very start
// while spacesd is small and single-threaded: fork() copies the page tables of the caller,
// which for a multi-threaded server with a large heap makes each command cost several times
// what a shell costs. A vfork()-style spawn would avoid that but cannot enter a sandbox: a
// process sharing its memory with others may not join a user namespace. So the spawner
// (SpawnerLoop) receives each command over a socket (the descriptors with SCM_RIGHTS),
// forks it from its own small image, reaps it and reports the pid and wait status back.
// It ends with spacesd (PR_SET_PDEATHSIG; a kill -9 of spacesd included) and then kills
// the groups of the commands still running, so none outlives the server; those inside a
// sandbox are in the space's pid namespace as well.
// Without a spawner (start() never called, as in the tests of this library, or the spawner
// gone) spawn() returns nullopt and CommandRunner forks itself, as before.
class Spawner final
{
public:
    // Forks the spawner. Call first thing in main(), before any thread exists; once only.
    static void start();
    static bool isRunning();
    // Hands `request` to the spawner with the command's stdin, output and exec status pipe.
    // nullopt: no spawner to ask (fork here instead). A child with pid <= 0: the spawner could
    // not fork (the status pipe says why) or ended meanwhile.
    static std::optional<RunningChild> spawn(const SpawnRequest &request, int stdinFd, int outputFd,
                                             int statusFd);
    // The spawner's pid, for tests and diagnostics; -1 when none runs.
    static qint64 processId();
};

} // namespace spaces
