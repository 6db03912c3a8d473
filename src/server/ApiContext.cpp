#include "ApiContext.h"

#include "HttpJson.h"
#include "Store.h"

#include <QUuid>

namespace spaces {

ApiContext::ApiContext(Store &storeRef, EventHub &eventsRef, LocalRuntime &runtimeRef,
                       PortForwards &forwardsRef, LongOperationQueue &longOperationsRef)
    : store(storeRef)
    , events(eventsRef)
    , runtime(runtimeRef)
    , forwards(forwardsRef)
    , longOperations(longOperationsRef)
{}

Expected<User> ApiContext::authenticate(const HttpRequest &request) const
{
    const QByteArray authorization = request.header("Authorization").trimmed();
    static const QByteArray scheme = "bearer ";
    // The scheme is case-insensitive (RFC 7235); the token is not.
    if (!authorization.toLower().startsWith(scheme))
        return ApiError::unauthorized();
    const QString token = QString::fromUtf8(authorization.mid(scheme.size()).trimmed());
    std::optional<User> user = store.userByToken(token);
    if (!user)
        return ApiError::unauthorized();
    return *user;
}

Expected<User> ApiContext::authenticateForSpaces(const HttpRequest &request) const
{
    Expected<User> user = authenticate(request);
    if (user && !user->canUseSpaces && !user->canManageSpaces)
        return ApiError::forbidden(QStringLiteral("No permission to manage or use spaces"));
    return user;
}

Expected<Space> ApiContext::resolveSpace(const User &user, const QString &idOrName) const
{
    std::optional<Space> space = isUuid(idOrName) ? store.spaceById(idOrName) : std::nullopt;
    // A valid space name may have the shape of a UUID ("deadbeef-dead-beef-dead-beefdeadbeef").
    if (!space)
        space = store.spaceByName(user.id, idOrName);
    if (!space)
        return ApiError::notFound(QStringLiteral("space not found"));
    if (space->userId != user.id && !user.canManageSpaces) {
        return ApiError::forbidden(QStringLiteral("No permission to manage spaces of other users"));
    }
    return *space;
}

Expected<ApiContext::SpaceAccess> ApiContext::spaceFor(const HttpRequest &request,
                                                       const QString &idOrName) const
{
    Expected<User> user = authenticateForSpaces(request);
    if (!user)
        return user.error();
    Expected<Space> space = resolveSpace(*user, idOrName);
    if (!space)
        return space.error();
    return SpaceAccess{std::move(user).value(), std::move(space).value()};
}

bool ApiContext::isUuid(const QString &text)
{
    return text.size() == 36 && !QUuid::fromString(text).isNull();
}

} // namespace spaces
