#pragma once

#include "ApiContext.h"
#include "CommandService.h"
#include "HttpResponder.h"
#include "HttpResponse.h"
#include "Router.h"

namespace spaces {

// run-command and execute-script: work that can take minutes, answered when it is done
// while other requests carry on.
class ExecutionRoutes final
{
public:
    ExecutionRoutes(ApiContext &context, CommandService &commands)
        : m_context(context)
        , m_commands(commands)
    {}
    void install(Router &router);

    static constexpr qint64 DefaultScriptTimeoutSeconds =
        CommandService::DefaultScriptTimeoutSeconds;

private:
    void runCommand(const QString &key, const HttpRequest &request, HttpResponder responder);
    void executeScript(const QString &key, const HttpRequest &request, HttpResponder responder);

    ApiContext &m_context;
    CommandService &m_commands;
};

} // namespace spaces
