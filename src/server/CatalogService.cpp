#include "CatalogService.h"

#include "Store.h"
#include "Validation.h"

namespace spaces {

SpaceTemplateList CatalogService::templates() const
{
    return m_store.templates();
}

Expected<void> CatalogService::checkMayManageTemplates(const User &user)
{
    if (!user.canManageSpaces)
        return ApiError::forbidden(QStringLiteral("No permission to manage templates"));
    return {};
}

Expected<void> CatalogService::createTemplate(const User &user, SpaceTemplate &spaceTemplate)
{
    if (const Expected<void> allowed = checkMayManageTemplates(user); !allowed)
        return allowed;
    return m_store.saveTemplate(spaceTemplate, false);
}

Expected<ScriptList> CatalogService::scripts(const User &user, const QString &userId) const
{
    const QString ownerId = userId == QLatin1StringView("current") ? user.id : userId;
    if (!ownerId.isEmpty() && ownerId != user.id && !user.canManageSpaces)
        return ApiError::forbidden(QStringLiteral("No permission to list scripts of other users"));
    return ownerId.isEmpty() ? m_store.scriptsFor(user.id, true)
                             : m_store.scriptsFor(ownerId, false);
}

Expected<void> CatalogService::createScript(const User &user, Script &script)
{
    if (const QString problem = Validation::checkScriptName(script.name); !problem.isEmpty())
        return ApiError::badRequest(problem);
    if (script.userId == QLatin1StringView("current"))
        script.userId = user.id;
    if (script.userId.isEmpty() && !user.canManageSpaces) {
        return ApiError::forbidden(
            QStringLiteral("No permission to manage global scripts; set "
                           "user_id to \"current\" for a script of your own"));
    }
    if (!script.userId.isEmpty() && script.userId != user.id && !user.canManageSpaces)
        return ApiError::forbidden(
            QStringLiteral("No permission to manage scripts of other users"));
    if (!script.userId.isEmpty() && !m_store.userById(script.userId))
        return ApiError::badRequest(QStringLiteral("user not found"));
    return m_store.insertScript(script);
}

} // namespace spaces
