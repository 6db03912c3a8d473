#pragma once

#include "ApiError.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace spaces {

// What a tools/call answers: text for the model, optionally the same as structured JSON, and
// whether the tool failed. A failure is a result with isError (the model reads the server's
// sentence and may correct itself), never a JSON-RPC error.
struct McpToolResult
{
    QString text;
    std::optional<QJsonObject> structured;
    bool isError = false;

    static McpToolResult success(const QString &text);
    // The text is the JSON itself, for clients that read only text.
    static McpToolResult data(const QJsonObject &structured);
    static McpToolResult failure(const QString &sentence);
    static McpToolResult failure(const ApiError &error) { return failure(error.message); }

    // CallToolResult: {content:[{type:"text",text}], structuredContent?, isError}
    QJsonObject toJson() const;
};

} // namespace spaces
