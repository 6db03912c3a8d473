#include "SpaceTokens.h"

#include "Store.h"

namespace spaces {

SpaceTokens::SpaceTokens(Store &store)
    : m_store(store)
{}

Expected<QString> SpaceTokens::issue(const QString &spaceId)
{
    if (const auto known = m_plain.constFind(spaceId); known != m_plain.constEnd())
        return *known;
    Expected<QString> token = m_store.createSpaceToken(spaceId);
    if (token)
        m_plain.insert(spaceId, *token);
    return token;
}

Expected<void> SpaceTokens::revoke(const QString &spaceId)
{
    // Forgotten whatever the disk says: the next start issues a new one, and a row the disk
    // kept is refused anyway once the space is stopped, then removed at the next server start.
    m_plain.remove(spaceId);
    return m_store.revokeSpaceTokens(spaceId);
}

Expected<void> SpaceTokens::revokeStopped()
{
    return m_store.revokeTokensOfStoppedSpaces();
}

} // namespace spaces
