#include "User.h"

#include "JsonFields.h"

namespace spaces {

Permissions User::permissions() const
{
    Permissions held;
    held.setFlag(Permission::UseSpaces, canUseSpaces);
    held.setFlag(Permission::ManageSpaces, canManageSpaces);
    return held;
}

User User::fromJson(const QJsonObject &object)
{
    User user;
    user.id = json::string(object, QLatin1StringView("user_id"));
    user.username = json::string(object, QLatin1StringView("username"));
    user.preferredShell =
        json::string(object, QLatin1StringView("preferred_shell"), QStringLiteral("bash"));
    const QJsonObject permissions = json::object(object, QLatin1StringView("permissions"));
    user.canUseSpaces = json::boolean(permissions, QLatin1StringView("use_spaces"));
    user.canManageSpaces = json::boolean(permissions, QLatin1StringView("manage_spaces"));
    return user;
}

QJsonObject User::toJson() const
{
    return {
        {QStringLiteral("user_id"), id},
        {QStringLiteral("username"), username},
        {QStringLiteral("preferred_shell"), preferredShell},
        {QStringLiteral("active"), true},
        {QStringLiteral("current"), true},
        {QStringLiteral("permissions"),
         QJsonObject{{QStringLiteral("use_spaces"), canUseSpaces},
                     {QStringLiteral("manage_spaces"), canManageSpaces}}},
    };
}

} // namespace spaces
