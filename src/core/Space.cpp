#include "Space.h"

#include "JsonFields.h"
#include "Validation.h"

#include <QJsonArray>

namespace spaces {

namespace {

QDateTime parseTime(const QString &text)
{
    if (text.isEmpty())
        return {};
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(text, Qt::ISODate);
    // Go's zero time marks "never" in Knot's payloads.
    if (time.isValid() && time.date().year() <= 1)
        return {};
    return time;
}

QString formatTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

Space::State Space::state() const
{
    if (isDeleting)
        return State::Deleting;
    if (isPending)
        return State::Pending;
    return isDeployed ? State::Running : State::Stopped;
}

QString Space::fieldValue(const QString &fieldName) const
{
    for (const CustomFieldValue &field : customFields) {
        if (field.name == fieldName)
            return field.value;
    }
    return {};
}

Space Space::fromJson(const QJsonObject &object)
{
    using json::boolean;
    using json::string;
    Space space;
    // SpaceInfo says "space_id"; some payloads say "id".
    space.id =
        string(object, QLatin1StringView("space_id"), string(object, QLatin1StringView("id")));
    space.userId = string(object, QLatin1StringView("user_id"));
    space.username = string(object, QLatin1StringView("username"));
    space.name = string(object, QLatin1StringView("name"));
    space.description = string(object, QLatin1StringView("description"));
    space.templateId = string(object, QLatin1StringView("template_id"));
    space.templateName = string(object, QLatin1StringView("template_name"));
    space.shell = string(object, QLatin1StringView("shell"));
    space.zone = string(object, QLatin1StringView("zone"));
    space.platform = string(object, QLatin1StringView("platform"), space.platform);
    space.isDeployed = boolean(object, QLatin1StringView("is_deployed"));
    space.isPending = boolean(object, QLatin1StringView("is_pending"));
    space.isDeleting = boolean(object, QLatin1StringView("is_deleting"));
    if (const QJsonValue hasState = object.value(QLatin1StringView("has_state")); hasState.isBool())
        space.hasState = hasState.toBool();
    if (const QJsonValue lastExit = object.value(QLatin1StringView("last_exit"));
        lastExit.isObject())
        space.lastExit = SpaceExit::fromJson(lastExit.toObject());
    space.startedAt = parseTime(string(object, QLatin1StringView("started_at")));
    space.createdAt = parseTime(string(object, QLatin1StringView("created_at")));
    const QJsonArray fields = json::array(object, QLatin1StringView("custom_fields"));
    for (const QJsonValue &field : fields) {
        if (field.isObject())
            space.customFields.append(CustomFieldValue::fromJson(field.toObject()));
    }
    return space;
}

QJsonObject Space::toJson() const
{
    QJsonArray fields;
    for (const CustomFieldValue &field : customFields)
        fields.append(field.toJson());
    QJsonObject object{
        {QStringLiteral("space_id"), id},
        {QStringLiteral("user_id"), userId},
        {QStringLiteral("username"), username},
        {QStringLiteral("name"), name},
        {QStringLiteral("description"), description},
        {QStringLiteral("template_id"), templateId},
        {QStringLiteral("template_name"), templateName},
        {QStringLiteral("shell"), shell},
        {QStringLiteral("zone"), zone},
        {QStringLiteral("platform"), Validation::knownPlatform(platform)},
        {QStringLiteral("is_deployed"), isDeployed},
        {QStringLiteral("is_pending"), isPending},
        {QStringLiteral("is_deleting"), isDeleting},
        {QStringLiteral("is_remote"), false},
        {QStringLiteral("has_terminal"), false},
        {QStringLiteral("has_ssh"), false},
        {QStringLiteral("has_code_server"), false},
        {QStringLiteral("started_at"), formatTime(startedAt)},
        {QStringLiteral("created_at"), formatTime(createdAt)},
        {QStringLiteral("custom_fields"), fields},
    };
    if (hasState)
        object.insert(QStringLiteral("has_state"), *hasState);
    object.insert(QStringLiteral("last_exit"),
                  lastExit ? QJsonValue(lastExit->toJson()) : QJsonValue());
    return object;
}

} // namespace spaces
