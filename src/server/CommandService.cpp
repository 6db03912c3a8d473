#include "CommandService.h"

#include "LongOperationQueue.h"
#include "Store.h"
#include "Validation.h"

namespace spaces {

CommandService::CommandService(Store &store, LocalRuntime &runtime,
                               LongOperationQueue &longOperations)
    : m_store(store)
    , m_runtime(runtime)
    , m_longOperations(longOperations)
    , m_permissions(store)
{}

Expected<Space> CommandService::commandSpace(const User &user, const QString &idOrName,
                                             const LocalRuntime::CommandRequest &request) const
{
    const Expected<Space> space = m_permissions.spaceFor(user, idOrName);
    if (!space)
        return space.error();
    if (!space->isDeployed || space->isPending)
        return ApiError::badRequest(NotRunning);
    if (const ApiError error = m_runtime.checkCommand(*space, request); error.isError())
        return error;
    return space;
}

void CommandService::runCommand(const User &user, const QString &idOrName,
                                const LocalRuntime::CommandRequest &request, CommandDone done)
{
    const Expected<Space> space = commandSpace(user, idOrName, request);
    if (!space)
        return done(space.error());
    m_longOperations.run(user.id, [this, space = *space, request,
                                   done = std::move(done)](LongOperationQueue::Finished finished) {
        m_runtime.runCommand(space, request, [done, finished](const CommandResult &result) {
            done(result);
            finished();
        });
    });
}

void CommandService::streamCommand(const User &user, const QString &idOrName,
                                   const LocalRuntime::CommandRequest &request,
                                   std::shared_ptr<CommandOutputStream> output,
                                   std::stop_source cancel, StreamDone done)
{
    const Expected<Space> space = commandSpace(user, idOrName, request);
    if (!space)
        return done(space.error());
    m_longOperations.run(user.id, [this, space = *space, request, output, cancel,
                                   done = std::move(done)](LongOperationQueue::Finished finished) {
        // Its turn may come after the caller left: then nothing runs at all.
        if (cancel.stop_requested()) {
            done(ApiError{499, QStringLiteral("the caller went away")});
            return finished();
        }
        m_runtime.streamCommand(space, request, output, cancel,
                                [done, finished](const CommandOutcome &outcome) {
                                    done(outcome);
                                    finished();
                                });
    });
}

void CommandService::runScript(const User &user, const QString &idOrName,
                               const ScriptRequest &request, ScriptDone done)
{
    const Expected<Space> space = m_permissions.spaceFor(user, idOrName);
    if (!space)
        return done(space.error());
    const int given = int(!request.scriptId.isEmpty()) + int(!request.scriptName.isEmpty()) +
                      int(request.content.has_value());
    if (given != 1) {
        return done(ApiError::badRequest(
            QStringLiteral("give exactly one of script_id, script_name or content")));
    }
    QString content = request.content.value_or(QString());
    if (!request.content) {
        const std::optional<Script> script = m_store.scriptFor(
            space->userId, request.scriptId.isEmpty() ? request.scriptName : request.scriptId);
        if (!script)
            return done(ApiError::notFound(QStringLiteral("script not found")));
        content = script->content;
    }
    if (!space->isDeployed || space->isPending)
        return done(ApiError{503, QStringLiteral("Space is not running")});
    QString shellPath;
    if (const ApiError error = m_runtime.locateShell(*space, &shellPath); error.isError())
        return done(error);
    // A script that could not even be written answers the reason (507 on a full disk).
    m_longOperations.run(user.id, [this, space = *space, content, request,
                                   done = std::move(done)](LongOperationQueue::Finished finished) {
        m_runtime.runScript(space, content.toUtf8(), request.arguments,
                            Validation::normalizeRunTimeout(request.timeoutSeconds),
                            [done, finished](const Expected<ScriptResult> &result) {
                                done(result);
                                finished();
                            });
    });
}

} // namespace spaces
