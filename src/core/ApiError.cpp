#include "ApiError.h"

#include "JsonFields.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace spaces {

ApiError::Kind ApiError::kind() const
{
    if (transportKind != Kind::None)
        return transportKind;
    // Knot and spacesd say "not running" with 400, 409 and 503 depending on the route.
    const bool notRunning = message.contains(QLatin1StringView("not running"), Qt::CaseInsensitive);
    switch (status) {
    case 0:
        return message.isEmpty() ? Kind::None : Kind::Network;
    case 400:
        return notRunning ? Kind::NotRunning : Kind::BadRequest;
    case 401:
        return Kind::Unauthorized;
    case 403:
        return Kind::Forbidden;
    case 404:
        return Kind::NotFound;
    case 409:
        return notRunning ? Kind::NotRunning : Kind::Conflict;
    case 423:
        return Kind::Conflict;
    case 503:
        // Knot: is_deployed comes before the space's agent has connected.
        return message.contains(QLatin1StringView("Agent session not found"), Qt::CaseInsensitive)
                   ? Kind::NotReady
                   : Kind::NotRunning;
    default:
        break;
    }
    if (status >= 500)
        return Kind::Server;
    return status >= 400 ? Kind::BadRequest : Kind::None;
}

QByteArray ApiError::toJson() const
{
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), message}})
        .toJson(QJsonDocument::Compact);
}

ApiError ApiError::fromBody(int httpStatus, const QByteArray &body)
{
    const QByteArray trimmed = body.trimmed();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(trimmed, &parseError);
    if (parseError.error == QJsonParseError::NoError) {
        const QJsonObject object = document.object();
        for (const auto key : {QLatin1StringView("error"), QLatin1StringView("message")}) {
            const QString text = json::string(object, key);
            if (!text.isEmpty())
                return {httpStatus, text};
        }
    } else if (!trimmed.isEmpty() && !trimmed.startsWith('{') && !trimmed.startsWith('<')) {
        // Plain text, as Knot's http.Error writes it. JSON without a sentence (an array
        // included), malformed JSON and HTML pages are never shown raw.
        return {httpStatus, QString::fromUtf8(trimmed)};
    }
    return {
        httpStatus,
        QStringLiteral("The server answered with status %1 and no explanation").arg(httpStatus)};
}

} // namespace spaces
