#pragma once

#include <QByteArray>
#include <QString>

namespace spaces {

// What happened to a command run by CommandRunner::run().
struct CommandOutcome
{
    QByteArray output;      // stdout+stderr merged in order; when truncated ends with
                            // "\n[output truncated: N more bytes not shown]\n"
    int exitCode = -1;      // exit status, or 128+signal when killed by a signal
    bool timedOut = false;  // the timeout killed the whole group
    bool cancelled = false; // the spec's stop token killed the whole group
    bool truncated = false;
    bool failedToStart = false;
    QString error; // empty on success; otherwise a sentence: "Command timed out",
                   // "exit status N" (a signal adds "(killed by signal S)"), or
                   // why it could not start
};

} // namespace spaces
