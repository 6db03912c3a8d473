#include "SpacePermissions.h"

#include "Store.h"

#include <QUuid>

namespace spaces {

Expected<void> SpacePermissions::checkMayUseSpaces(const User &user)
{
    if (!user.canUseSpaces && !user.canManageSpaces)
        return ApiError::forbidden(QStringLiteral("No permission to manage or use spaces"));
    return {};
}

Expected<Space> SpacePermissions::resolve(const User &user, const QString &idOrName) const
{
    std::optional<Space> space = isUuid(idOrName) ? m_store.spaceById(idOrName) : std::nullopt;
    // A valid space name may have the shape of a UUID ("deadbeef-dead-beef-dead-beefdeadbeef").
    if (!space)
        space = m_store.spaceByName(user.id, idOrName);
    if (!space)
        return ApiError::notFound(QStringLiteral("space not found"));
    if (space->userId != user.id && !user.canManageSpaces)
        return ApiError::forbidden(QStringLiteral("No permission to manage spaces of other users"));
    return *space;
}

Expected<Space> SpacePermissions::spaceFor(const User &user, const QString &idOrName) const
{
    if (const Expected<void> allowed = checkMayUseSpaces(user); !allowed)
        return allowed.error();
    return resolve(user, idOrName);
}

bool SpacePermissions::isUuid(const QString &text)
{
    return text.size() == 36 && !QUuid::fromString(text).isNull();
}

} // namespace spaces
