#pragma once

#include "ApiRequest.h"
#include "Expected.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace spaces {

// Reads the JSON a route promises out of a 2xx answer. Tolerant where Knot varies (unknown
// fields, missing optional fields, null for an empty list), strict where the answer cannot be
// what the API promises: that is an ApiError of kind BadResponse with a sentence.
class JsonReply final
{
    Q_DECLARE_TR_FUNCTIONS(spaces::JsonReply)

public:
    // The body as a JSON object.
    static Expected<QJsonObject> object(const ApiResponse &response);
    // object[key] as an array; missing or null reads as empty, anything else is BadResponse.
    static Expected<QJsonArray> array(const ApiResponse &response, const QJsonObject &object,
                                      QLatin1StringView key);
    // A required, non-empty string field.
    static Expected<QString> requiredString(const ApiResponse &response, const QJsonObject &object,
                                            QLatin1StringView key);

    // The items of object[key], each read with T::fromJson.
    template<typename T>
    static Expected<QList<T>> list(const ApiResponse &response, QLatin1StringView key)
    {
        const Expected<QJsonObject> body = object(response);
        if (!body)
            return body.error();
        const Expected<QJsonArray> items = array(response, *body, key);
        if (!items)
            return items.error();
        QList<T> result;
        result.reserve(items->size());
        for (const QJsonValue &item : *items) {
            if (!item.isObject())
                return wrongType(response, key);
            result.append(T::fromJson(item.toObject()));
        }
        return result;
    }

    // A single object answer read with T::fromJson.
    template<typename T> static Expected<T> single(const ApiResponse &response)
    {
        const Expected<QJsonObject> body = object(response);
        if (!body)
            return body.error();
        return T::fromJson(*body);
    }

private:
    static ApiError wrongType(const ApiResponse &response, QLatin1StringView key);
};

} // namespace spaces
