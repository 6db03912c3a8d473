#include "CustomFieldValue.h"

#include "JsonFields.h"

namespace spaces {

CustomFieldValue CustomFieldValue::fromJson(const QJsonObject &object)
{
    return {json::string(object, QLatin1StringView("name")),
            json::string(object, QLatin1StringView("value"))};
}

QJsonObject CustomFieldValue::toJson() const
{
    return {{QStringLiteral("name"), name}, {QStringLiteral("value"), value}};
}

} // namespace spaces
