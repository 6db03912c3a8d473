#include "CommandResult.h"

#include "JsonFields.h"

#include <QRegularExpression>
#include <limits>
#include <utility>

namespace spaces {

CommandResult CommandResult::fromJson(const QJsonObject &object)
{
    CommandResult result;
    result.success = json::boolean(object, QLatin1StringView("success"));
    result.output = json::string(object, QLatin1StringView("output"));
    result.error = json::string(object, QLatin1StringView("error"));
    // An exit_code that is missing, not a whole number or out of int's range counts as absent
    // (not as 0, which would read as success).
    constexpr qint64 absent = std::numeric_limits<qint64>::min();
    const qint64 exitCode = json::integer(object, QLatin1StringView("exit_code"), absent);
    if (std::in_range<int>(exitCode)) {
        result.exitCode = static_cast<int>(exitCode);
    } else {
        // Knot only says "exit status N" in the error sentence.
        static const QRegularExpression exitStatus(
            QRegularExpression::anchoredPattern(QStringLiteral("exit status (-?\\d+)")));
        const QRegularExpressionMatch match = exitStatus.match(result.error);
        bool ok = false;
        const int status = match.hasMatch() ? match.captured(1).toInt(&ok) : 0;
        if (ok)
            result.exitCode = status;
        else if (result.success)
            result.exitCode = 0;
    }
    return result;
}

QJsonObject CommandResult::toJson() const
{
    QJsonObject object{{QStringLiteral("success"), success}, {QStringLiteral("output"), output}};
    if (!error.isEmpty())
        object.insert(QStringLiteral("error"), error);
    if (exitCode)
        object.insert(QStringLiteral("exit_code"), *exitCode);
    return object;
}

} // namespace spaces
