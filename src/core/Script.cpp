#include "Script.h"

#include "JsonFields.h"

namespace spaces {

Script Script::fromJson(const QJsonObject &object)
{
    using json::string;
    Script script;
    script.id =
        string(object, QLatin1StringView("id"), string(object, QLatin1StringView("script_id")));
    script.userId = string(object, QLatin1StringView("user_id"));
    script.name = string(object, QLatin1StringView("name"));
    script.description = string(object, QLatin1StringView("description"));
    script.content = string(object, QLatin1StringView("content"));
    script.scriptType = string(object, QLatin1StringView("script_type"), QStringLiteral("script"));
    script.active = json::boolean(object, QLatin1StringView("active"), true);
    return script;
}

QJsonObject Script::toJson(bool withContent) const
{
    QJsonObject object{
        {QStringLiteral("id"), id},
        {QStringLiteral("user_id"), userId},
        {QStringLiteral("name"), name},
        {QStringLiteral("description"), description},
        {QStringLiteral("script_type"), scriptType},
        {QStringLiteral("active"), active},
    };
    if (withContent)
        object.insert(QStringLiteral("content"), content);
    return object;
}

} // namespace spaces
