#pragma once

#include <QString>
#include <QStringList>
#include <memory>

namespace spaces {

class ChildIsolation;

// How to start a space's services with ProcessGroup::launch().
struct LaunchSpec
{
    QString shellPath;        // absolute path of the shell
    QString command;          // run as: <shellPath> -c <command>
    QString workingDirectory; // must exist
    QStringList environment;  // complete environment, "KEY=VALUE" entries
    QString logFilePath;      // stdout+stderr appended here (file and parent directory created
                              // if missing; empty: discarded); stdin is /dev/null
    // How the lines written to logFilePath get their times: through a pipe, a sibling of the
    // services (spaces-log-stamp, see ProcessGroup::launch) puts the time each line was read
    // in front of it, or rewrites the time the lines come with (`podman logs --timestamps`).
    enum class LogStamps
    {
        Add,
        Convert,
        None, // the services write to the file themselves
    };
    LogStamps logStamps = LogStamps::Add;
    // When set, run this program with these arguments instead of <shellPath> -c <command>
    // (a sandbox launcher, or a gate in front of the shell).
    QString program;
    QStringList arguments;
    // Confinement and descriptors the child gets (see ChildIsolation); may be null.
    std::shared_ptr<ChildIsolation> isolation;
};

} // namespace spaces
