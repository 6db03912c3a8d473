#include "ExecutionRoutes.h"

#include "HttpJson.h"
#include "LocalRuntime.h"
#include "PendingResponse.h"
#include "Router.h"
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
    m_runStreams.install(router);
}

Expected<LocalRuntime::CommandRequest> ExecutionRoutes::commandRequestFrom(const QJsonObject &body)
{
    BodyReader reader(body);
    LocalRuntime::CommandRequest command;
    command.command = reader.requiredString("command");
    command.arguments = reader.stringList("args");
    command.timeout = Validation::normalizeRunTimeout(
        reader.integer("timeout", Validation::DefaultRunTimeout.count()));
    command.workdir = reader.string("workdir");
    if (reader.failed())
        return reader.error();
    return command;
}

void ExecutionRoutes::runCommand(const QString &key, const HttpRequest &request,
                                 HttpResponder responder)
{
    const std::shared_ptr<PendingResponse> response = PendingResponse::hold(std::move(responder));
    // Who may touch which space is answered before the body is looked at.
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return response->sendError(access.error());
    const Expected<QJsonObject> body = HttpJson::body(request);
    if (!body)
        return response->sendError(body.error());
    const Expected<LocalRuntime::CommandRequest> command = commandRequestFrom(*body);
    if (!command)
        return response->sendError(command.error());
    m_commands.runCommand(access->user, access->space.id, *command,
                          [response](const Expected<CommandResult> &result) {
                              if (result)
                                  response->send(200, result->toJson());
                              else
                                  response->sendError(result.error());
                          });
}

void ExecutionRoutes::executeScript(const QString &key, const HttpRequest &request,
                                    HttpResponder responder)
{
    const std::shared_ptr<PendingResponse> response = PendingResponse::hold(std::move(responder));
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return response->sendError(access.error());
    const Expected<QJsonObject> body = HttpJson::body(request);
    if (!body)
        return response->sendError(body.error());
    BodyReader reader(*body);
    CommandService::ScriptRequest script;
    script.scriptId = reader.string("script_id");
    script.scriptName = reader.string("script_name");
    const QString content = reader.string("content");
    if (reader.has("content"))
        script.content = content;
    script.arguments = reader.stringList("arguments");
    script.timeoutSeconds = reader.integer("timeout", DefaultScriptTimeoutSeconds);
    if (reader.failed())
        return response->sendError(reader.error());
    m_commands.runScript(access->user, access->space.id, script,
                         [response](const Expected<ScriptResult> &result) {
                             if (result)
                                 response->send(200, result->toJson());
                             else
                                 response->sendError(result.error());
                         });
}

} // namespace spaces
