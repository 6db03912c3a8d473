#pragma once

#include "ApiContext.h"
#include "HttpResponder.h"
#include "HttpResponse.h"
#include "Router.h"
#include "SpaceService.h"

namespace spaces {

// /api/spaces: list, create, read, update, delete, start, stop, restart and custom fields.
// Each route authenticates, reads the request, calls SpaceService and writes its answer.
class SpaceRoutes final
{
public:
    SpaceRoutes(ApiContext &context, SpaceService &spaces)
        : m_context(context)
        , m_spaces(spaces)
    {}
    void install(Router &router);

private:
    void list(const HttpRequest &request, HttpResponder responder);
    HttpResponse create(const HttpRequest &request);
    HttpResponse read(const QString &key, const HttpRequest &request);
    HttpResponse update(const QString &key, const HttpRequest &request);
    HttpResponse remove(const QString &key, const HttpRequest &request);
    // Start, stop and restart answer when the work is done, without holding up other requests.
    void transition(SpaceService::Transition kind, const QString &key, const HttpRequest &request,
                    HttpResponder responder);
    HttpResponse setField(const QString &key, const HttpRequest &request);
    HttpResponse getField(const QString &key, const QString &field, const HttpRequest &request);

    ApiContext &m_context;
    SpaceService &m_spaces;
};

} // namespace spaces
