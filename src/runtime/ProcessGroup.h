#pragma once

#include "LaunchSpec.h"

#include <QList>
#include <QString>
#include <QtGlobal>
#include <chrono>

namespace spaces {

// A detached process group running a space's services. The group outlives spacesd and is
// identified only by its id, so a later spacesd can adopt it; all state lives in the kernel
// (/proc), which makes every function here safe to call from any thread.
class ProcessGroup final
{
public:
    // Starts `<shellPath> -c <command>` detached: a double fork, so spacesd never has to reap it
    // (the intermediate child is reaped here at once), and the grandchild calls setsid(), so its
    // pid is the group id and it has no controlling terminal. Every other descriptor is closed
    // in the grandchild. Returns the process group id (> 0), or -1 with *error set to a sentence
    // (shell could not be executed, working directory missing, log file not writable...).
    // When it returns, the shell has already been exec'd.
    //
    // With a log file (and LaunchSpec::logStamps not None), the services write into a pipe
    // read by spaces-log-stamp (logStamper()), which appends each line to the log after the
    // time it was read. It runs beside the services, not among them: detached the same way,
    // in a session of its own and without the space's environment, so neither a stop of the
    // group nor a crash of spacesd ends it; it ends by itself once the last process holding
    // the pipe is gone, after writing all it read. Without the program the services write
    // to the log themselves (a warning says so).
    static qint64 launch(const LaunchSpec &spec, QString *error);

    // The stamping program: $SPACES_LOG_STAMP, else spaces-log-stamp beside this process's
    // executable; empty when it is not there.
    static QString logStamper();
    // Whatever holds the log file of a launch open (the stamper, or the services writing to it
    // themselves) keeps a shared lock on it. Waits until none is left, at most `limit`: then
    // every line written is in the file. True when none is left (or no file).
    static bool waitForLogWriters(const QString &logFilePath, std::chrono::milliseconds limit);

    // True while any process of the group exists and is not a zombie. Zombies count as dead:
    // a container's pid 1 may never reap them.
    static bool isAlive(qint64 pgid);

    // SIGTERM (and SIGCONT, so stopped members can act on it) to the group, waits up to `grace`,
    // then SIGKILL and waits until the group is gone (at most 5 s more). Returns true when the
    // group is gone. Refuses (returns false) for ids <= 1 and for the caller's own group.
    static bool terminate(qint64 pgid, std::chrono::milliseconds grace);

    // Pids of the live (non-zombie) members of the group, for tests and diagnostics.
    static QList<qint64> members(qint64 pgid);

    // Polls isAlive() until the group is gone or `limit` passed; true when gone.
    static bool waitUntilGone(qint64 pgid, std::chrono::milliseconds limit);
};

} // namespace spaces
