#pragma once

#include "SpacesClient.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QTextStream>

namespace spaces {

// `spacectl shell NAME [--shell SHELL] [-- COMMAND ARGS...]`, like `docker exec -it`: the
// local terminal in raw mode, its bytes to the space's terminal route (a QWebSocket with
// Knot's frames) and the PTY's output to stdout, SIGWINCH sent as a resize frame, and the
// terminal restored on every way out (the end, an error, SIGTERM/SIGHUP/SIGINT/SIGQUIT).
// The exit status is the shell's: spacesd closes the socket with the reason "exit N"; a Knot
// server, which gives none, counts as 0 when it closes normally.
class CliShell final
{
    Q_DECLARE_TR_FUNCTIONS(CliShell)

public:
    CliShell(ConnectionSettings settings, QTextStream &err);

    // `spaceId`: what the route takes (Knot wants the id). `command` empty: a login shell.
    int run(const QString &spaceId, const QString &shell, const QStringList &command);

    // Why there can be no interactive shell here (stdin is not a terminal), or empty.
    static QString terminalProblem();
    // The status in a close reason "exit N", or -1.
    static int exitStatusOf(const QString &closeReason);

private:
    ConnectionSettings m_settings;
    QTextStream &m_err;
};

} // namespace spaces
