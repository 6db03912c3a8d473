#include "McpToolResult.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace spaces {

McpToolResult McpToolResult::success(const QString &text)
{
    return McpToolResult{text, std::nullopt, false};
}

McpToolResult McpToolResult::data(const QJsonObject &structured)
{
    return McpToolResult{
        QString::fromUtf8(QJsonDocument(structured).toJson(QJsonDocument::Compact)), structured,
        false};
}

McpToolResult McpToolResult::failure(const QString &sentence)
{
    return McpToolResult{sentence, std::nullopt, true};
}

QJsonObject McpToolResult::toJson() const
{
    QJsonObject result{{QStringLiteral("content"),
                        QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                               {QStringLiteral("text"), text}}}},
                       {QStringLiteral("isError"), isError}};
    if (structured)
        result.insert(QStringLiteral("structuredContent"), *structured);
    return result;
}

} // namespace spaces
