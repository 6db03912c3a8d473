#pragma once

#include "ApiContext.h"

class QHttpServer;

namespace spaces {

// /space-io/{space}/port/...: forward, list and stop.
class ForwardRoutes final
{
public:
    explicit ForwardRoutes(ApiContext &context)
        : m_context(context)
    {}
    void install(QHttpServer &server);

private:
    QHttpServerResponse forward(const QString &key, const QHttpServerRequest &request);
    QHttpServerResponse list(const QString &key, const QHttpServerRequest &request);
    QHttpServerResponse stop(const QString &key, const QHttpServerRequest &request);

    ApiContext &m_context;
};

} // namespace spaces
