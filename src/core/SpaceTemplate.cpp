#include "SpaceTemplate.h"

#include "JsonFields.h"
#include "Validation.h"

#include <QJsonArray>
#include <algorithm>

namespace spaces {

bool SpaceTemplate::definesField(const QString &fieldName) const
{
    for (const CustomFieldDefinition &field : customFields) {
        if (field.name == fieldName)
            return true;
    }
    return false;
}

SpaceTemplate SpaceTemplate::fromJson(const QJsonObject &object)
{
    using json::string;
    SpaceTemplate result;
    result.id =
        string(object, QLatin1StringView("template_id"), string(object, QLatin1StringView("id")));
    result.name = string(object, QLatin1StringView("name"));
    result.description = string(object, QLatin1StringView("description"));
    result.platform = string(object, QLatin1StringView("platform"), result.platform);
    result.active = json::boolean(object, QLatin1StringView("active"), true);
    result.shell = string(object, QLatin1StringView("shell"));
    result.startupCommand = string(object, QLatin1StringView("startup_command"));
    const QJsonObject environment = json::object(object, QLatin1StringView("environment"));
    for (auto it = environment.begin(); it != environment.end(); ++it) {
        if (it.value().isString())
            result.environment.insert(it.key(), it.value().toString());
        else if (it.value().isDouble() || it.value().isBool())
            result.environment.insert(it.key(), it.value().toVariant().toString());
    }
    result.image = string(object, QLatin1StringView("image"));
    result.available = json::boolean(object, QLatin1StringView("available"), true);
    result.unavailableReason = string(object, QLatin1StringView("unavailable_reason"));
    for (const QJsonValue &volume : json::array(object, QLatin1StringView("volumes"))) {
        if (volume.isString() && !volume.toString().trimmed().isEmpty())
            result.volumes.append(volume.toString());
    }
    const QJsonArray fields = json::array(object, QLatin1StringView("custom_fields"));
    for (const QJsonValue &field : fields) {
        if (field.isObject())
            result.customFields.append(CustomFieldDefinition::fromJson(field.toObject()));
    }
    const QJsonObject ready = json::object(object, QLatin1StringView("ready"));
    // A port may be written as a number or as text naming a field.
    const QJsonValue port = ready.value(QLatin1StringView("port"));
    result.ready.port = port.isDouble() ? QString::number(port.toInt()) : port.toString();
    result.ready.command = string(ready, QLatin1StringView("command"));
    const qint64 timeout = json::integer(ready, QLatin1StringView("timeout"), 60);
    result.ready.timeoutSeconds = timeout > 0 ? int(std::min<qint64>(timeout, 3600)) : 60;
    return result;
}

QJsonObject SpaceTemplate::toJson() const
{
    QJsonArray fields;
    for (const CustomFieldDefinition &field : customFields)
        fields.append(field.toJson());
    QJsonObject env;
    for (auto it = environment.begin(); it != environment.end(); ++it)
        env.insert(it.key(), it.value());
    QJsonObject object{
        {QStringLiteral("template_id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("description"), description},
        {QStringLiteral("platform"), Validation::knownPlatform(platform)},
        {QStringLiteral("active"), active},
        {QStringLiteral("shell"), shell},
        {QStringLiteral("startup_command"), startupCommand},
        {QStringLiteral("environment"), env},
        {QStringLiteral("custom_fields"), fields},
    };
    // Additive: only container templates carry them.
    if (!image.isEmpty())
        object.insert(QStringLiteral("image"), image);
    if (!volumes.isEmpty())
        object.insert(QStringLiteral("volumes"), QJsonArray::fromStringList(volumes));
    if (ready.isDeclared()) {
        QJsonObject check{{QStringLiteral("timeout"), ready.timeoutSeconds}};
        if (!ready.port.isEmpty())
            check.insert(QStringLiteral("port"), ready.port);
        if (!ready.command.isEmpty())
            check.insert(QStringLiteral("command"), ready.command);
        object.insert(QStringLiteral("ready"), check);
    }
    return object;
}

} // namespace spaces
