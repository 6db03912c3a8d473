#pragma once

#include <QString>
#include <QStringList>

namespace spaces {

// How to start a space's services with ProcessGroup::launch().
struct LaunchSpec
{
    QString shellPath;        // absolute path of the shell
    QString command;          // run as: <shellPath> -c <command>
    QString workingDirectory; // must exist
    QStringList environment;  // complete environment, "KEY=VALUE" entries
    QString logFilePath;      // stdout+stderr appended here (file and parent directory created
                              // if missing; empty: discarded); stdin is /dev/null
};

} // namespace spaces
