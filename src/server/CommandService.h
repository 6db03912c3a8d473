#pragma once

#include "CommandOutcome.h"
#include "CommandResult.h"
#include "Expected.h"
#include "LocalRuntime.h"
#include "ScriptResult.h"
#include "SpacePermissions.h"
#include "User.h"

#include <functional>
#include <memory>
#include <optional>
#include <stop_token>

namespace spaces {

class LongOperationQueue;
class Store;

// run-command and execute-script, free of any transport: the caller passes the User it
// authenticated; the work queues behind that user's other long operations and reports on the
// Qt thread when it is done.
class CommandService final
{
public:
    CommandService(Store &store, LocalRuntime &runtime, LongOperationQueue &longOperations);

    using CommandDone = std::function<void(const Expected<CommandResult> &)>;
    void runCommand(const User &user, const QString &idOrName,
                    const LocalRuntime::CommandRequest &request, CommandDone done);

    // run-command's command with its output streamed (GET /space-io/{space}/run): the same
    // checks, the same backend call, the same per-user bound; `output` receives the bytes as
    // the command writes them and `cancel` ends its whole process group.
    using StreamDone = std::function<void(const Expected<CommandOutcome> &)>;
    void streamCommand(const User &user, const QString &idOrName,
                       const LocalRuntime::CommandRequest &request,
                       std::shared_ptr<CommandOutputStream> output, std::stop_source cancel,
                       StreamDone done);

    // run-command's sentence for a space that is not running.
    static inline const QString NotRunning = QStringLiteral("Space is not running");

    struct ScriptRequest
    {
        QString scriptId;
        QString scriptName;
        std::optional<QString> content; // inline: exactly one of the three is given
        QStringList arguments;
        qint64 timeoutSeconds = DefaultScriptTimeoutSeconds;
    };
    using ScriptDone = std::function<void(const Expected<ScriptResult> &)>;
    void runScript(const User &user, const QString &idOrName, const ScriptRequest &request,
                   ScriptDone done);

    static constexpr qint64 DefaultScriptTimeoutSeconds = 300;

private:
    // The space a command may run in now, or why not.
    Expected<Space> commandSpace(const User &user, const QString &idOrName,
                                 const LocalRuntime::CommandRequest &request) const;

    Store &m_store;
    LocalRuntime &m_runtime;
    LongOperationQueue &m_longOperations;
    SpacePermissions m_permissions;
};

} // namespace spaces
