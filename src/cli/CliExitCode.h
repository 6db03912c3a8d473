#pragma once

namespace spaces {

// spacectl's exit statuses.
enum CliExitCode : int
{
    ExitSuccess = 0,
    ExitFailure = 1,    // the operation failed (the reason is on stderr)
    ExitUsage = 2,      // the command line is wrong
    ExitNotRunning = 3, // is-running: the space is stopped
};

} // namespace spaces
