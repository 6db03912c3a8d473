#pragma once

#include "Expected.h"
#include "HttpRequest.h"
#include "Space.h"
#include "User.h"

namespace spaces {

class EventHub;
class LocalRuntime;
class LongOperationQueue;
class PortForwards;
class Store;

// What every route needs: the server's parts, who is calling, and which space they mean.
class ApiContext final
{
public:
    ApiContext(Store &store, EventHub &events, LocalRuntime &runtime, PortForwards &forwards,
               LongOperationQueue &longOperations);

    Store &store;
    EventHub &events;
    LocalRuntime &runtime;
    PortForwards &forwards;
    LongOperationQueue &longOperations;

    // 401 without a valid bearer token.
    Expected<User> authenticate(const HttpRequest &request) const;
    // Also 403 for a user with neither UseSpaces nor ManageSpaces.
    Expected<User> authenticateForSpaces(const HttpRequest &request) const;
    // A space by UUID or by name among the caller's own spaces: 404 when there is none,
    // 403 when it belongs to someone else and the caller lacks ManageSpaces.
    Expected<Space> resolveSpace(const User &user, const QString &idOrName) const;

    // The usual start of a route about one space: the caller, authenticated for spaces, and
    // the space they name, resolved.
    struct SpaceAccess
    {
        User user;
        Space space;
    };
    Expected<SpaceAccess> spaceFor(const HttpRequest &request, const QString &idOrName) const;

    static bool isUuid(const QString &text);
};

} // namespace spaces
