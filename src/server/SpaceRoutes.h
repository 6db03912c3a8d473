#pragma once

#include "ApiContext.h"
#include "HttpResponder.h"
#include "HttpResponse.h"
#include "Router.h"
#include "SpaceTemplate.h"

namespace spaces {

// /api/spaces: list, create, read, update, delete, start, stop, restart and custom fields.
class SpaceRoutes final
{
public:
    explicit SpaceRoutes(ApiContext &context)
        : m_context(context)
    {}
    void install(Router &router);

private:
    void list(const HttpRequest &request, HttpResponder responder);
    HttpResponse create(const HttpRequest &request);
    HttpResponse read(const QString &key, const HttpRequest &request);
    HttpResponse update(const QString &key, const HttpRequest &request);
    HttpResponse remove(const QString &key, const HttpRequest &request);
    // Start, stop and restart answer when the work is done, without holding up other requests.
    enum class Transition
    {
        Start,
        Stop,
        Restart
    };
    void transition(Transition kind, const QString &key, const HttpRequest &request,
                    HttpResponder responder);
    ApiError checkTransition(Transition kind, const Space &space) const;
    HttpResponse setField(const QString &key, const HttpRequest &request);
    HttpResponse getField(const QString &key, const QString &field, const HttpRequest &request);

    // Reads custom_fields [{name, value}] and checks each against the template.
    ApiError readFieldValues(const QJsonArray &items, const SpaceTemplate &spaceTemplate,
                             CustomFieldValues *values) const;

    ApiContext &m_context;
};

} // namespace spaces
