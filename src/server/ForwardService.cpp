#include "ForwardService.h"

#include "PortForwards.h"
#include "Validation.h"

namespace spaces {

namespace {

Expected<void> fromApiError(const ApiError &error)
{
    if (error.isError())
        return error;
    return {};
}

} // namespace

ForwardService::ForwardService(Store &store, PortForwards &forwards)
    : m_forwards(forwards)
    , m_permissions(store)
{}

Expected<void> ForwardService::open(const User &user, const QString &sourceSpace,
                                    const ForwardRequest &request)
{
    const Expected<Space> source = m_permissions.spaceFor(user, sourceSpace);
    if (!source)
        return source.error();
    for (const QString &problem : {Validation::checkLocalPort(request.localPort),
                                   Validation::checkRemotePort(request.remotePort)}) {
        if (!problem.isEmpty())
            return ApiError::badRequest(problem);
    }
    const Expected<Space> target = m_permissions.resolve(user, request.targetSpace);
    if (!target) {
        return target.error().status == 404
                   ? ApiError::notFound(QStringLiteral("Target space not found"))
                   : target.error();
    }
    if (!source->isDeployed || source->isPending)
        return ApiError::conflict(QStringLiteral("space '%1' is not running").arg(source->name));
    if (!request.force && (!target->isDeployed || target->isPending))
        return ApiError::conflict(
            QStringLiteral("target space '%1' is not running").arg(target->name));
    return fromApiError(m_forwards.open(*source, int(request.localPort), *target,
                                        int(request.remotePort), request.persistent));
}

Expected<PortForwardList> ForwardService::list(const User &user, const QString &sourceSpace) const
{
    const Expected<Space> source = m_permissions.spaceFor(user, sourceSpace);
    if (!source)
        return source.error();
    return m_forwards.listFrom(source->id);
}

Expected<void> ForwardService::stop(const User &user, const QString &sourceSpace, qint64 localPort)
{
    const Expected<Space> source = m_permissions.spaceFor(user, sourceSpace);
    if (!source)
        return source.error();
    if (const QString problem = Validation::checkLocalPort(localPort); !problem.isEmpty())
        return ApiError::badRequest(problem);
    return fromApiError(m_forwards.stop(*source, int(localPort)));
}

} // namespace spaces
