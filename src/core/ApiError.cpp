#include "ApiError.h"

#include "JsonFields.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace spaces {

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
