#pragma once

#include "ApiContext.h"
#include "HttpResponse.h"
#include "Router.h"

namespace spaces {

// /space-io/{space}/port/...: forward, list and stop.
class ForwardRoutes final
{
public:
    explicit ForwardRoutes(ApiContext &context)
        : m_context(context)
    {}
    void install(Router &router);

private:
    HttpResponse forward(const QString &key, const HttpRequest &request);
    HttpResponse list(const QString &key, const HttpRequest &request);
    HttpResponse stop(const QString &key, const HttpRequest &request);

    ApiContext &m_context;
};

} // namespace spaces
