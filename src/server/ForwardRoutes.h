#pragma once

#include "ApiContext.h"
#include "ForwardService.h"
#include "HttpResponse.h"
#include "Router.h"

namespace spaces {

// /space-io/{space}/port/...: forward, list and stop.
class ForwardRoutes final
{
public:
    ForwardRoutes(ApiContext &context, ForwardService &service)
        : m_context(context)
        , m_service(service)
    {}
    void install(Router &router);

private:
    HttpResponse forward(const QString &key, const HttpRequest &request);
    HttpResponse list(const QString &key, const HttpRequest &request);
    HttpResponse stop(const QString &key, const HttpRequest &request);

    ApiContext &m_context;
    ForwardService &m_service;
};

} // namespace spaces
