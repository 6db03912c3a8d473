#include "ForwardRoutes.h"

#include "HttpJson.h"
#include "PortForwards.h"
#include "Router.h"
#include "Validation.h"

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
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return HttpJson::error(access.error());
    const Space &source = access->space;
    const User &user = access->user;
    const Expected<QJsonObject> body = HttpJson::body(request);
    if (!body)
        return HttpJson::error(body.error());
    BodyReader reader(*body);
    const qint64 localPort = reader.requiredInteger("local_port");
    const QString targetKey = reader.requiredString("space");
    const qint64 remotePort = reader.requiredInteger("remote_port");
    const bool persistent = reader.boolean("persistent");
    const bool force = reader.boolean("force");
    if (reader.failed())
        return HttpJson::error(reader.error());
    for (const QString &problem :
         {Validation::checkLocalPort(localPort), Validation::checkRemotePort(remotePort)}) {
        if (!problem.isEmpty())
            return HttpJson::error(ApiError::badRequest(problem));
    }
    const Expected<Space> target = m_context.resolveSpace(user, targetKey);
    if (!target) {
        return HttpJson::error(target.error().status == 404
                                   ? ApiError::notFound(QStringLiteral("Target space not found"))
                                   : target.error());
    }
    if (!source.isDeployed || source.isPending)
        return HttpJson::error(
            ApiError::conflict(QStringLiteral("space '%1' is not running").arg(source.name)));
    if (!force && (!target->isDeployed || target->isPending))
        return HttpJson::error(ApiError::conflict(
            QStringLiteral("target space '%1' is not running").arg(target->name)));
    const ApiError error =
        m_context.forwards.open(source, int(localPort), *target, int(remotePort), persistent);
    if (error.isError())
        return HttpJson::error(error);
    return HttpJson::ok();
}

HttpResponse ForwardRoutes::list(const QString &key, const HttpRequest &request)
{
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return HttpJson::error(access.error());
    const Space &source = access->space;
    QJsonArray forwards;
    const PortForwardList active = m_context.forwards.listFrom(source.id);
    for (const PortForward &forward : active)
        forwards.append(forward.toJson());
    return HttpJson::ok(
        {{QStringLiteral("success"), true}, {QStringLiteral("forwards"), forwards}});
}

HttpResponse ForwardRoutes::stop(const QString &key, const HttpRequest &request)
{
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, key);
    if (!access)
        return HttpJson::error(access.error());
    const Space &source = access->space;
    const Expected<QJsonObject> body = HttpJson::body(request);
    if (!body)
        return HttpJson::error(body.error());
    BodyReader reader(*body);
    const qint64 localPort = reader.requiredInteger("local_port");
    if (reader.failed())
        return HttpJson::error(reader.error());
    if (const QString problem = Validation::checkLocalPort(localPort); !problem.isEmpty())
        return HttpJson::error(ApiError::badRequest(problem));
    const ApiError error = m_context.forwards.stop(source, int(localPort));
    if (error.isError())
        return HttpJson::error(error);
    return HttpJson::ok();
}

} // namespace spaces
