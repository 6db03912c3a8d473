#include "ExecutionRoutes.h"

#include "HttpJson.h"
#include "LocalRuntime.h"
#include "LongOperationQueue.h"
#include "PendingResponse.h"
#include "Router.h"
#include "Store.h"
#include "Validation.h"

namespace spaces {

void ExecutionRoutes::install(Router &router)
{
    router.add("POST", u"/api/spaces/<arg>/run-command",
               [this](const HttpRequest &r, const QStringList &a, HttpResponder out) {
                   runCommand(a[0], r, std::move(out));
               });
    router.add("POST", u"/api/spaces/<arg>/execute-script",
               [this](const HttpRequest &r, const QStringList &a, HttpResponder out) {
                   executeScript(a[0], r, std::move(out));
               });
}

void ExecutionRoutes::runCommand(const QString &key, const HttpRequest &request,
                                 HttpResponder responder)
{
    const std::shared_ptr<PendingResponse> response = PendingResponse::hold(std::move(responder));
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return response->sendError(access.error());
    const Space &space = access->space;
    const Expected<QJsonObject> body = HttpJson::body(request);
    if (!body)
        return response->sendError(body.error());
    BodyReader reader(*body);
    LocalRuntime::CommandRequest command;
    command.command = reader.requiredString("command");
    command.arguments = reader.stringList("args");
    command.timeout = Validation::normalizeRunTimeout(reader.integer("timeout", 30));
    command.workdir = reader.string("workdir");
    if (reader.failed())
        return response->sendError(reader.error());
    if (!space.isDeployed || space.isPending)
        return response->sendError(ApiError::badRequest(QStringLiteral("Space is not running")));
    if (const ApiError error = m_context.runtime.checkCommand(space, command); error.isError())
        return response->sendError(error);
    m_context.longOperations.run(
        access->user.id, [this, space, command, response](LongOperationQueue::Finished finished) {
            m_context.runtime.runCommand(space, command,
                                         [response, finished](const CommandResult &result) {
                                             response->send(200, result.toJson());
                                             finished();
                                         });
        });
}

void ExecutionRoutes::executeScript(const QString &key, const HttpRequest &request,
                                    HttpResponder responder)
{
    const std::shared_ptr<PendingResponse> response = PendingResponse::hold(std::move(responder));
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return response->sendError(access.error());
    const Space &space = access->space;
    const Expected<QJsonObject> body = HttpJson::body(request);
    if (!body)
        return response->sendError(body.error());
    BodyReader reader(*body);
    const QString scriptId = reader.string("script_id");
    const QString scriptName = reader.string("script_name");
    const QString inlineContent = reader.string("content");
    const QStringList arguments = reader.stringList("arguments");
    const qint64 timeout = reader.integer("timeout", DefaultScriptTimeoutSeconds);
    if (reader.failed())
        return response->sendError(reader.error());
    const int given =
        int(!scriptId.isEmpty()) + int(!scriptName.isEmpty()) + int(reader.has("content"));
    if (given != 1) {
        return response->sendError(ApiError::badRequest(
            QStringLiteral("give exactly one of script_id, script_name or content")));
    }
    QString content = inlineContent;
    if (!reader.has("content")) {
        const std::optional<Script> script =
            m_context.store.scriptFor(space.userId, scriptId.isEmpty() ? scriptName : scriptId);
        if (!script)
            return response->sendError(ApiError::notFound(QStringLiteral("script not found")));
        content = script->content;
    }
    if (!space.isDeployed || space.isPending)
        return response->sendError({503, QStringLiteral("Space is not running")});
    QString shellPath;
    if (const ApiError error = m_context.runtime.locateShell(space, &shellPath); error.isError())
        return response->sendError(error);
    // A script that could not even be written answers the reason (507 on a full disk).
    m_context.longOperations.run(
        access->user.id, [this, space, content, arguments, timeout,
                          response](LongOperationQueue::Finished finished) {
            m_context.runtime.runScript(
                space, content.toUtf8(), arguments, Validation::normalizeRunTimeout(timeout),
                [response, finished](const Expected<ScriptResult> &result) {
                    if (result)
                        response->send(200, result->toJson());
                    else
                        response->sendError(result.error());
                    finished();
                });
        });
}

} // namespace spaces
