#include "ApiContext.h"

#include "HttpJson.h"
#include "SpacePermissions.h"
#include "Store.h"

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
    if (!user)
        return user;
    if (const Expected<void> allowed = SpacePermissions::checkMayUseSpaces(*user); !allowed)
        return allowed.error();
    return user;
}

Expected<Space> ApiContext::resolveSpace(const User &user, const QString &idOrName) const
{
    return SpacePermissions(store).resolve(user, idOrName);
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
    return SpacePermissions::isUuid(text);
}

} // namespace spaces
