#pragma once

#include "ClientRequests.h"
#include "CommandResult.h"
#include "SpacesClient.h"

#include <QCoreApplication>
#include <QString>
#include <QTextStream>
#include <chrono>
#include <optional>

namespace spaces {

class RunStream;
class SpacesLibrary;

// `spacectl run SPACE COMMAND [ARG...]` without --json: the output as the command writes it
// (the run stream), and the command's own exit status, as `docker exec` does: 124 when it was
// killed at its timeout, 125 when it could not be run at all (the reason on stderr). Against
// a server without the run stream (an older Knot) it falls back to run-command, whose output
// comes when the command has ended.
class CliRun final
{
    Q_DECLARE_TR_FUNCTIONS(CliRun)

public:
    static constexpr int TimedOut = 124;
    static constexpr int CouldNotRun = 125;
    // How often a run refused for a space whose agent is not connected yet is asked again.
    static constexpr std::chrono::milliseconds AgentRetry{250};

    CliRun(ConnectionSettings settings, SpacesLibrary &library, QTextStream &out, QTextStream &err);

    // `deployed`: the space reports running, so a 503 means its agent is still connecting
    // (Knot) and is asked again; otherwise a refusal is the answer.
    int run(const QString &spaceId, const RunCommandRequest &request, bool deployed);

    // The exit status for how a run ended: the command's own code when the server sent one,
    // else Knot's sentences ("exit status N", "Command timed out", the only word Knot gives),
    // else CouldNotRun for any other sentence.
    static int exitStatus(std::optional<int> exitCode, const QString &error);

private:
    int finish(const RunStream &stream);
    int runBuffered(const QString &spaceId, const RunCommandRequest &request);
    void sayError(const QString &sentence);

    ConnectionSettings m_settings;
    SpacesLibrary &m_library;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace spaces
