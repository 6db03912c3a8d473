#pragma once

#include "Expected.h"
#include "Space.h"
#include "User.h"

namespace spaces {

class Store;

// Who may do what with spaces, the same for every caller of the services (HTTP routes now, an
// MCP server later): the caller passes the User it authenticated.
class SpacePermissions final
{
public:
    explicit SpacePermissions(const Store &store)
        : m_store(store)
    {}

    // 403 for a user with neither UseSpaces nor ManageSpaces.
    static Expected<void> checkMayUseSpaces(const User &user);
    // A space by UUID or by name among the user's own spaces: 404 when there is none, 403
    // when it belongs to someone else and the user lacks ManageSpaces. Does not check
    // checkMayUseSpaces (forwards name their target with it, as before).
    Expected<Space> resolve(const User &user, const QString &idOrName) const;
    // Both: what every operation on one space starts with.
    Expected<Space> spaceFor(const User &user, const QString &idOrName) const;

    static bool isUuid(const QString &text);

private:
    const Store &m_store;
};

} // namespace spaces
