#include "JsonReply.h"

#include <QJsonDocument>

namespace spaces {

Expected<QJsonObject> JsonReply::object(const ApiResponse &response)
{
    const QByteArray body = response.body.trimmed();
    if (body.isEmpty()) {
        return ApiError::badResponse(response.status,
                                     tr("The server's answer is empty where data was expected"));
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        return ApiError::badResponse(response.status,
                                     tr("The server's answer is not valid JSON (%1 at byte %2)")
                                         .arg(error.errorString())
                                         .arg(error.offset));
    }
    if (!document.isObject()) {
        return ApiError::badResponse(response.status,
                                     tr("The server's answer is not the JSON object expected"));
    }
    return document.object();
}

Expected<QJsonArray> JsonReply::array(const ApiResponse &response, const QJsonObject &object,
                                      QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    // Go marshals an empty slice as null; older servers leave the field out.
    if (value.isUndefined() || value.isNull())
        return QJsonArray();
    if (!value.isArray())
        return wrongType(response, key);
    return value.toArray();
}

Expected<QString> JsonReply::requiredString(const ApiResponse &response, const QJsonObject &object,
                                            QLatin1StringView key)
{
    const QString value = object.value(key).toString();
    if (value.isEmpty()) {
        return ApiError::badResponse(response.status,
                                     tr("The server's answer lacks the field '%1'").arg(key));
    }
    return value;
}

ApiError JsonReply::wrongType(const ApiResponse &response, QLatin1StringView key)
{
    return ApiError::badResponse(
        response.status, tr("The server's answer has a field '%1' of the wrong type").arg(key));
}

} // namespace spaces
