#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>
#include <chrono>
#include <memory>
#include <stop_token>

namespace spaces {

class ChildIsolation;
class CommandOutputStream;

// What CommandRunner::run() executes.
struct CommandSpec
{
    QString program;          // absolute path of the program to exec (a shell or an interpreter)
    QStringList arguments;    // e.g. {"-c", commandLine} or {scriptPath, "arg1", ...}
    QString workingDirectory; // empty: the server's own
    QStringList environment;  // complete environment "KEY=VALUE"
    std::chrono::seconds timeout{30};    // <= 0: no timeout
    qsizetype outputLimit = 1024 * 1024; // bytes kept; beyond that output is read and discarded
    // Lets the owner end a running command early (the server shutting down): the group is
    // killed as on a timeout and the outcome says `cancelled`.
    std::stop_token stop;
    // How the child enters the space (a sandbox's namespaces and user); null: as the server.
    // This is the seam a terminal (PTY) run uses too: the same isolation, another stdio.
    std::shared_ptr<ChildIsolation> isolation;
    // Set: the output goes here as it is read (the outcome's output stays empty and
    // outputLimit does not apply), and the pipe is read only while the stream has room.
    std::shared_ptr<CommandOutputStream> outputStream;
};

} // namespace spaces
