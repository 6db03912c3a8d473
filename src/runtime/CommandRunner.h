#pragma once

#include "CommandOutcome.h"
#include "CommandSpec.h"

namespace spaces {

// Runs a command to completion in its own process group (setsid) and returns what happened.
// Blocking; safe to call from several threads at once; needs no event loop (fork/exec, a pipe
// and poll() rather than QProcess, which is tied to an event loop and a thread).
//  - On timeout the whole group gets SIGKILL and run() returns promptly, even when
//    grandchildren hold the output pipe open.
//  - When the main process exits, run() reads what is immediately available and returns, even
//    if a background grandchild still holds the pipe open. Such a grandchild keeps running
//    (it may get SIGPIPE if it writes later).
//  - With spec.outputStream the output is handed over as it is read, the pipe read only while
//    the stream has room (the command then blocks on its full pipe, its timeout still runs).
class CommandRunner final
{
public:
    static CommandOutcome run(const CommandSpec &spec);
};

} // namespace spaces
