#pragma once

#include "ApiError.h"
#include "CustomFieldValue.h"
#include "Expected.h"
#include "HttpRequest.h"
#include "HttpResponse.h"

#include <QJsonObject>

namespace spaces {

// JSON in and out of the HTTP layer: responses with the right status, request bodies checked
// for size, media type and syntax before any route reads them.
class HttpJson final
{
public:
    static HttpResponse ok(const QJsonObject &body = {{QStringLiteral("status"), true}});
    static HttpResponse respond(int status, const QJsonObject &body);
    static HttpResponse error(const ApiError &error);

    // An absent body reads as {} so that routes taking optional fields work without one.
    static Expected<QJsonObject> body(const HttpRequest &request);
    // A JSON object from bytes (a body, a WebSocket frame), or the sentence saying why not.
    static Expected<QJsonObject> object(const QByteArray &data);
};

// Reads typed fields from a request body, remembering the first type error as a sentence.
class BodyReader final
{
public:
    explicit BodyReader(QJsonObject object)
        : m_object(std::move(object))
    {}

    bool has(const char *key) const;
    QString string(const char *key, const QString &fallback = {});
    QString requiredString(const char *key);
    qint64 integer(const char *key, qint64 fallback = 0);
    qint64 requiredInteger(const char *key);
    bool boolean(const char *key, bool fallback = false);
    QStringList stringList(const char *key);
    QJsonArray objectArray(const char *key);
    // A list of custom field values, [{"name", "value"}], as the REST routes and MCP take
    // them; the service checks them against the template.
    CustomFieldValues fieldValues(const char *key);

    bool failed() const { return !m_error.isEmpty(); }
    ApiError error() const { return ApiError::badRequest(m_error); }

private:
    void fail(const QString &sentence);

    QJsonObject m_object;
    QString m_error;
};

} // namespace spaces
