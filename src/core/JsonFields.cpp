#include "JsonFields.h"

namespace spaces::json {

QString string(const QJsonObject &object, QLatin1StringView key, const QString &fallback)
{
    const QJsonValue value = object.value(key);
    return value.isString() ? value.toString() : fallback;
}

bool boolean(const QJsonObject &object, QLatin1StringView key, bool fallback)
{
    const QJsonValue value = object.value(key);
    return value.isBool() ? value.toBool() : fallback;
}

qint64 integer(const QJsonObject &object, QLatin1StringView key, qint64 fallback)
{
    // toInteger() yields the fallback for non-numbers, for fractions (8080.5 is not a port,
    // rather than truncating it) and for values outside qint64's range (no undefined cast).
    return object.value(key).toInteger(fallback);
}

QStringList stringList(const QJsonObject &object, QLatin1StringView key)
{
    QStringList result;
    const QJsonArray values = array(object, key);
    for (const QJsonValue &value : values) {
        if (value.isString())
            result.append(value.toString());
    }
    return result;
}

QJsonArray array(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    return value.isArray() ? value.toArray() : QJsonArray{};
}

QJsonObject object(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    return value.isObject() ? value.toObject() : QJsonObject{};
}

QJsonArray toArray(const QStringList &strings)
{
    QJsonArray result;
    for (const QString &s : strings)
        result.append(s);
    return result;
}

} // namespace spaces::json
