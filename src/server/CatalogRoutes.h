#pragma once

#include "ApiContext.h"
#include "CatalogService.h"
#include "HttpResponder.h"
#include "HttpResponse.h"
#include "Router.h"
#include "SpaceTemplate.h"

namespace spaces {

// What create and run_script choose from (templates, scripts), who the caller is, health,
// and the live event stream.
class CatalogRoutes final
{
public:
    CatalogRoutes(ApiContext &context, CatalogService &catalog)
        : m_context(context)
        , m_catalog(catalog)
    {}
    void install(Router &router);

    static Expected<SpaceTemplate> parseTemplate(const QJsonObject &object);

private:
    HttpResponse listTemplates(const HttpRequest &request);
    HttpResponse createTemplate(const HttpRequest &request);
    HttpResponse listScripts(const HttpRequest &request);
    HttpResponse createScript(const HttpRequest &request);
    HttpResponse whoami(const HttpRequest &request);
    HttpResponse ping(const HttpRequest &request);
    void events(const HttpRequest &request, HttpResponder responder);

    ApiContext &m_context;
    CatalogService &m_catalog;
};

} // namespace spaces
