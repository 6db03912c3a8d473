#pragma once

#include "ApiContext.h"
#include "CommandService.h"
#include "HttpResponder.h"
#include "HttpResponse.h"
#include "Router.h"
#include "RunStreamRoutes.h"

namespace spaces {

// run-command and execute-script: work that can take minutes, answered when it is done
// while other requests carry on; and run-command with its output streamed over a WebSocket
// (RunStreamRoutes).
class ExecutionRoutes final
{
public:
    ExecutionRoutes(ApiContext &context, CommandService &commands)
        : m_context(context)
        , m_commands(commands)
        , m_runStreams(context, commands)
    {}
    void install(Router &router);

    // run-command's JSON (a body, the run stream's first frame) checked field by field.
    static Expected<LocalRuntime::CommandRequest> commandRequestFrom(const QJsonObject &body);

    static constexpr qint64 DefaultScriptTimeoutSeconds =
        CommandService::DefaultScriptTimeoutSeconds;

private:
    void runCommand(const QString &key, const HttpRequest &request, HttpResponder responder);
    void executeScript(const QString &key, const HttpRequest &request, HttpResponder responder);

    ApiContext &m_context;
    CommandService &m_commands;
    RunStreamRoutes m_runStreams;
};

} // namespace spaces
