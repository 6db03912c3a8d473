#include "CustomFieldDefinition.h"

#include "JsonFields.h"

namespace spaces {

CustomFieldDefinition CustomFieldDefinition::fromJson(const QJsonObject &object)
{
    return {json::string(object, QLatin1StringView("name")),
            json::string(object, QLatin1StringView("description"))};
}

QJsonObject CustomFieldDefinition::toJson() const
{
    return {{QStringLiteral("name"), name}, {QStringLiteral("description"), description}};
}

} // namespace spaces
