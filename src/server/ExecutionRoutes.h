#pragma once

#include "ApiContext.h"
#include "HttpResponder.h"
#include "HttpResponse.h"
#include "Router.h"

namespace spaces {

// run-command and execute-script: work that can take minutes, answered when it is done
// while other requests carry on.
class ExecutionRoutes final
{
public:
    explicit ExecutionRoutes(ApiContext &context)
        : m_context(context)
    {}
    void install(Router &router);

    static constexpr qint64 DefaultScriptTimeoutSeconds = 300;

private:
    void runCommand(const QString &key, const HttpRequest &request, HttpResponder responder);
    void executeScript(const QString &key, const HttpRequest &request, HttpResponder responder);

    ApiContext &m_context;
};

} // namespace spaces
