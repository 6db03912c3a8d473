#pragma once

#include "ApiContext.h"
#include "SpaceTemplate.h"

#include <QHttpServerResponder>

class QHttpServer;

namespace spaces {

// /api/spaces: list, create, read, update, delete, start, stop, restart and custom fields.
class SpaceRoutes final
{
public:
    explicit SpaceRoutes(ApiContext &context)
        : m_context(context)
    {}
    void install(QHttpServer &server);

private:
    QHttpServerResponse list(const QHttpServerRequest &request);
    QHttpServerResponse create(const QHttpServerRequest &request);
    QHttpServerResponse read(const QString &key, const QHttpServerRequest &request);
    QHttpServerResponse update(const QString &key, const QHttpServerRequest &request);
    QHttpServerResponse remove(const QString &key, const QHttpServerRequest &request);
    // Start, stop and restart answer when the work is done, without holding up other requests.
    enum class Transition
    {
        Start,
        Stop,
        Restart
    };
    void transition(Transition kind, const QString &key, const QHttpServerRequest &request,
                    QHttpServerResponder &&responder);
    QHttpServerResponse setField(const QString &key, const QHttpServerRequest &request);
    QHttpServerResponse getField(const QString &key, const QString &field,
                                 const QHttpServerRequest &request);

    // Reads custom_fields [{name, value}] and checks each against the template.
    ApiError readFieldValues(const QJsonArray &items, const SpaceTemplate &spaceTemplate,
                             CustomFieldValues *values) const;

    ApiContext &m_context;
};

} // namespace spaces
