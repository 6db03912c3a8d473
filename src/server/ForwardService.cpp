#include "ForwardService.h"

#include "PortForwards.h"
#include "SqlWrite.h"
#include "Store.h"
#include "Validation.h"

#include <algorithm>

namespace spaces {

ForwardService::ForwardService(Store &store, PortForwards &forwards)
    : m_store(store)
    , m_forwards(forwards)
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
    const int localPort = int(request.localPort);
    if (const ApiError error = m_forwards.open(*source, localPort, *target, int(request.remotePort),
                                               request.persistent);
        error.isError())
        return error;
    // Stored before it is answered: a persistent forward the disk refused is no forward.
    if (request.persistent) {
        if (const Expected<void> saved = m_store.savePersistentForward(
                {source->id, localPort, target->id, int(request.remotePort)});
            !saved) {
            m_forwards.close(localPort);
            return saved.error();
        }
    }
    return {};
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
    const int port = int(localPort);
    if (!m_forwards.isOpenFrom(source->id, port))
        return ApiError::notFound(QStringLiteral("Port forward not found"));
    // Only this source's record: the port may be remembered for another space, stopped now,
    // whose persistent forward must come back when it starts. Removed first: a record the
    // disk kept would bring the forward back at the next start.
    const QList<Store::StoredForward> stored = m_store.persistentForwardsFrom(source->id);
    if (std::any_of(stored.cbegin(), stored.cend(), [port](const Store::StoredForward &record) {
            return record.localPort == port;
        })) {
        if (const Expected<void> removed = m_store.removePersistentForward(port); !removed)
            return removed.error();
    }
    m_forwards.close(port);
    return {};
}

void ForwardService::restore(const Space &source)
{
    const QList<Store::StoredForward> stored = m_store.persistentForwardsFrom(source.id);
    for (const Store::StoredForward &record : stored) {
        if (m_forwards.isOpen(record.localPort))
            continue;
        const std::optional<Space> target = m_store.spaceById(record.targetSpaceId);
        if (!target)
            continue;
        const ApiError error =
            m_forwards.open(source, record.localPort, *target, record.remotePort, true);
        if (error.isError()) {
            qWarning("spacesd: cannot restore the forward of space '%s' on port %d: %s",
                     qPrintable(source.name), record.localPort, qPrintable(error.message));
        }
    }
}

void ForwardService::release(const QString &sourceSpaceId)
{
    m_forwards.releaseFrom(sourceSpaceId);
}

void ForwardService::forget(const QString &spaceId)
{
    m_forwards.forget(spaceId);
    // Deleting the space already removed its records (ON DELETE CASCADE): this only tidies
    // up, so a failure here loses nothing.
    if (const Expected<void> removed = m_store.removeForwardsOf(spaceId); !removed)
        qCWarning(lcStore) << removed.error().message;
}

} // namespace spaces
