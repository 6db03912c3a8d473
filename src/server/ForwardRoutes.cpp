#include "ForwardRoutes.h"

#include "HttpJson.h"
#include "Router.h"

#include <QJsonArray>

namespace spaces {

void ForwardRoutes::install(Router &router)
{
    router.addAnswer(
        "POST", u"/space-io/<arg>/port/forward",
        [this](const HttpRequest &r, const QStringList &a) { return forward(a[0], r); });
    router.addAnswer("GET", u"/space-io/<arg>/port/list",
                     [this](const HttpRequest &r, const QStringList &a) { return list(a[0], r); });
    router.addAnswer("POST", u"/space-io/<arg>/port/stop",
                     [this](const HttpRequest &r, const QStringList &a) { return stop(a[0], r); });
}

HttpResponse ForwardRoutes::forward(const QString &key, const HttpRequest &request)
{
    // Who may touch which space is answered before the body is looked at.
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return HttpJson::error(access.error());
    const Expected<QJsonObject> body = HttpJson::body(request);
    if (!body)
        return HttpJson::error(body.error());
    BodyReader reader(*body);
    ForwardService::ForwardRequest forward;
    forward.localPort = reader.requiredInteger("local_port");
    forward.targetSpace = reader.requiredString("space");
    forward.remotePort = reader.requiredInteger("remote_port");
    forward.persistent = reader.boolean("persistent");
    forward.force = reader.boolean("force");
    if (reader.failed())
        return HttpJson::error(reader.error());
    if (const Expected<void> opened = m_service.open(access->user, access->space.id, forward);
        !opened)
        return HttpJson::error(opened.error());
    return HttpJson::ok();
}

HttpResponse ForwardRoutes::list(const QString &key, const HttpRequest &request)
{
    const Expected<User> user = m_context.authenticate(request);
    if (!user)
        return HttpJson::error(user.error());
    const Expected<PortForwardList> active = m_service.list(*user, key);
    if (!active)
        return HttpJson::error(active.error());
    QJsonArray forwards;
    for (const PortForward &forward : *active)
        forwards.append(forward.toJson());
    return HttpJson::ok(
        {{QStringLiteral("success"), true}, {QStringLiteral("forwards"), forwards}});
}

HttpResponse ForwardRoutes::stop(const QString &key, const HttpRequest &request)
{
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return HttpJson::error(access.error());
    const Expected<QJsonObject> body = HttpJson::body(request);
    if (!body)
        return HttpJson::error(body.error());
    BodyReader reader(*body);
    const qint64 localPort = reader.requiredInteger("local_port");
    if (reader.failed())
        return HttpJson::error(reader.error());
    if (const Expected<void> stopped = m_service.stop(access->user, access->space.id, localPort);
        !stopped)
        return HttpJson::error(stopped.error());
    return HttpJson::ok();
}

} // namespace spaces
