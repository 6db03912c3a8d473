#include "ScriptResult.h"

#include "JsonFields.h"

#include <utility>

namespace spaces {

ScriptResult ScriptResult::fromJson(const QJsonObject &object)
{
    ScriptResult result;
    result.output = json::string(object, QLatin1StringView("output"));
    result.error = json::string(object, QLatin1StringView("error"));
    // Out of int's range: the default, not a wrapped value (4294967296 is not exit code 0).
    const qint64 exitCode = json::integer(object, QLatin1StringView("exit_code"));
    result.exitCode = std::in_range<int>(exitCode) ? static_cast<int>(exitCode) : 0;
    return result;
}

QJsonObject ScriptResult::toJson() const
{
    return {{QStringLiteral("output"), output},
            {QStringLiteral("error"), error},
            {QStringLiteral("exit_code"), exitCode}};
}

} // namespace spaces
