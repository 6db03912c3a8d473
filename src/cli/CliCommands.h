#pragma once

#include "CliInvocation.h"
#include "CliOutput.h"
#include "Expected.h"

#include <QCoreApplication>

namespace spaces {

class SpacesLibrary;

// Carries out one checked spacectl command through the SpacesLibrary and prints the result,
// as text or JSON. Returns the exit status.
class CliCommands final
{
    Q_DECLARE_TR_FUNCTIONS(CliCommands)

public:
    CliCommands(SpacesLibrary &library, CliOutput &output);

    int execute(const CliInvocation &invocation);

private:
    using Handler = int (CliCommands::*)(const CliInvocation &);

    int list(const CliInvocation &invocation);
    int start(const CliInvocation &invocation);
    int stop(const CliInvocation &invocation);
    int restart(const CliInvocation &invocation);
    int isRunning(const CliInvocation &invocation);
    int create(const CliInvocation &invocation);
    int remove(const CliInvocation &invocation);
    int getField(const CliInvocation &invocation);
    int setField(const CliInvocation &invocation);
    int getDescription(const CliInvocation &invocation);
    int setDescription(const CliInvocation &invocation);
    int runScript(const CliInvocation &invocation);
    int run(const CliInvocation &invocation);
    int portForward(const CliInvocation &invocation);
    int portList(const CliInvocation &invocation);
    int portStop(const CliInvocation &invocation);
    int templates(const CliInvocation &invocation);
    int scripts(const CliInvocation &invocation);

    // Prints the failure, with what to do about it, and returns ExitFailure.
    int fail(const ApiError &error);
    // For the calls that only succeed or fail: the message on success, {"success":true}.
    int done(const Expected<bool> &result, const QString &message);

    SpacesLibrary &m_library;
    CliOutput &m_output;
    // The command being carried out: what a refusal advises depends on it.
    const CliInvocation *m_invocation = nullptr;
};

} // namespace spaces
