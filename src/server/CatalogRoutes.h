#pragma once

#include "ApiContext.h"
#include "SpaceTemplate.h"

#include <QHttpServerResponder>

class QHttpServer;

namespace spaces {

// What create and run_script choose from (templates, scripts), who the caller is, health,
// and the live event stream.
class CatalogRoutes final
{
public:
    explicit CatalogRoutes(ApiContext &context)
        : m_context(context)
    {}
    void install(QHttpServer &server);

    static Expected<SpaceTemplate> parseTemplate(const QJsonObject &object);

private:
    QHttpServerResponse listTemplates(const QHttpServerRequest &request);
    QHttpServerResponse createTemplate(const QHttpServerRequest &request);
    QHttpServerResponse listScripts(const QHttpServerRequest &request);
    QHttpServerResponse createScript(const QHttpServerRequest &request);
    QHttpServerResponse whoami(const QHttpServerRequest &request);
    QHttpServerResponse ping(const QHttpServerRequest &request);
    void events(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    ApiContext &m_context;
};

} // namespace spaces
