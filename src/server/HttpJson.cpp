#include "HttpJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace spaces {

HttpResponse HttpJson::ok(const QJsonObject &body)
{
    return respond(200, body);
}

HttpResponse HttpJson::respond(int status, const QJsonObject &body)
{
    HttpResponse response;
    response.status = status;
    response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse HttpJson::error(const ApiError &apiError)
{
    HttpResponse response;
    response.status = apiError.status;
    response.body = apiError.toJson();
    return response;
}

Expected<QJsonObject> HttpJson::body(const HttpRequest &request)
{
    // Its size was checked by the transport (--max-body-bytes) before it was read.
    const QByteArray &data = request.body;
    if (data.trimmed().isEmpty())
        return QJsonObject{};
    const QByteArray contentType = request.header("Content-Type").split(';').first().trimmed();
    if (contentType.compare("application/json", Qt::CaseInsensitive) != 0)
        return ApiError{
            415, QStringLiteral("request body must be JSON (Content-Type: application/json)")};
    return object(data);
}

Expected<QJsonObject> HttpJson::object(const QByteArray &data)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return ApiError::badRequest(QStringLiteral("request body is not valid JSON: %1 at byte %2")
                                        .arg(parseError.errorString())
                                        .arg(parseError.offset));
    }
    if (!document.isObject())
        return ApiError::badRequest(QStringLiteral("request body must be a JSON object"));
    return document.object();
}

bool BodyReader::has(const char *key) const
{
    const QJsonValue value = m_object.value(QLatin1StringView(key));
    return !value.isUndefined() && !value.isNull();
}

void BodyReader::fail(const QString &sentence)
{
    if (m_error.isEmpty())
        m_error = sentence;
}

QString BodyReader::string(const char *key, const QString &fallback)
{
    if (!has(key))
        return fallback;
    const QJsonValue value = m_object.value(QLatin1StringView(key));
    if (!value.isString()) {
        fail(QStringLiteral("field '%1' must be a string").arg(QLatin1StringView(key)));
        return fallback;
    }
    return value.toString();
}

QString BodyReader::requiredString(const char *key)
{
    if (!has(key)) {
        fail(QStringLiteral("field '%1' is required").arg(QLatin1StringView(key)));
        return {};
    }
    return string(key);
}

qint64 BodyReader::integer(const char *key, qint64 fallback)
{
    if (!has(key))
        return fallback;
    const QJsonValue value = m_object.value(QLatin1StringView(key));
    const double number = value.toDouble();
    // Checked before the cast: converting a double outside qint64's range is undefined.
    constexpr double Limit = 9223372036854775808.0; // 2^63
    if (!value.isDouble() || !(number >= -Limit && number < Limit) ||
        number != std::trunc(number)) {
        fail(QStringLiteral("field '%1' must be a whole number").arg(QLatin1StringView(key)));
        return fallback;
    }
    return static_cast<qint64>(number);
}

qint64 BodyReader::requiredInteger(const char *key)
{
    if (!has(key)) {
        fail(QStringLiteral("field '%1' is required").arg(QLatin1StringView(key)));
        return 0;
    }
    return integer(key);
}

bool BodyReader::boolean(const char *key, bool fallback)
{
    if (!has(key))
        return fallback;
    const QJsonValue value = m_object.value(QLatin1StringView(key));
    if (!value.isBool()) {
        fail(QStringLiteral("field '%1' must be true or false").arg(QLatin1StringView(key)));
        return fallback;
    }
    return value.toBool();
}

QStringList BodyReader::stringList(const char *key)
{
    if (!has(key))
        return {};
    const QJsonValue value = m_object.value(QLatin1StringView(key));
    QStringList result;
    bool allStrings = value.isArray();
    const QJsonArray items = value.toArray();
    for (const QJsonValue &item : items) {
        allStrings = allStrings && item.isString();
        result.append(item.toString());
    }
    if (!allStrings) {
        fail(QStringLiteral("field '%1' must be a list of strings").arg(QLatin1StringView(key)));
        return {};
    }
    return result;
}

QJsonArray BodyReader::objectArray(const char *key)
{
    if (!has(key))
        return {};
    const QJsonValue value = m_object.value(QLatin1StringView(key));
    bool allObjects = value.isArray();
    const QJsonArray items = value.toArray();
    for (const QJsonValue &item : items)
        allObjects = allObjects && item.isObject();
    if (!allObjects) {
        fail(QStringLiteral("field '%1' must be a list of objects").arg(QLatin1StringView(key)));
        return {};
    }
    return items;
}

CustomFieldValues BodyReader::fieldValues(const char *key)
{
    CustomFieldValues values;
    const QJsonArray items = objectArray(key);
    for (const QJsonValue &item : items) {
        BodyReader field(item.toObject());
        const QString name = field.requiredString("name");
        const QString value = field.string("value");
        if (field.failed()) {
            fail(field.m_error);
            return {};
        }
        values.append({name, value});
    }
    return values;
}

} // namespace spaces
