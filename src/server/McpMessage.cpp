#include "McpMessage.h"

namespace spaces {

McpMessage McpMessage::read(const QJsonValue &value)
{
    McpMessage message;
    if (!value.isObject()) {
        message.problem = QStringLiteral("a JSON-RPC message must be a JSON object");
        return message;
    }
    const QJsonObject object = value.toObject();
    const QJsonValue id = object.value(QLatin1StringView("id"));
    // MCP ids are strings or integers, never null: anything else cannot be answered by id.
    const bool idUsable =
        id.isString() || (id.isDouble() && id.toDouble() == qint64(id.toDouble()));
    if (idUsable)
        message.id = id;
    if (object.value(QLatin1StringView("jsonrpc")).toString() != QLatin1StringView("2.0")) {
        message.problem = QStringLiteral("\"jsonrpc\" must be \"2.0\"");
        return message;
    }
    const QJsonValue method = object.value(QLatin1StringView("method"));
    if (method.isUndefined()) {
        const bool answers = object.contains(QLatin1StringView("result")) ||
                             object.contains(QLatin1StringView("error"));
        if (answers && idUsable) {
            message.kind = Kind::Response;
            return message;
        }
        message.problem = QStringLiteral("a JSON-RPC request needs a \"method\"");
        return message;
    }
    if (!method.isString() || method.toString().isEmpty()) {
        message.problem = QStringLiteral("\"method\" must be a non-empty string");
        return message;
    }
    message.method = method.toString();
    const QJsonValue params = object.value(QLatin1StringView("params"));
    if (!params.isUndefined() && !params.isObject()) {
        message.problem = QStringLiteral("\"params\" must be a JSON object");
        return message;
    }
    message.params = params.toObject();
    if (id.isUndefined()) {
        message.kind = Kind::Notification;
        return message;
    }
    if (!idUsable) {
        message.problem = QStringLiteral("\"id\" must be a string or an integer");
        return message;
    }
    message.kind = Kind::Request;
    return message;
}

QJsonObject McpMessage::result(const QJsonValue &id, const QJsonObject &result)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("id"), id},
            {QStringLiteral("result"), result}};
}

QJsonObject McpMessage::error(const QJsonValue &id, int code, const QString &message)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("id"), id.isUndefined() ? QJsonValue(QJsonValue::Null) : id},
            {QStringLiteral("error"),
             QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}};
}

} // namespace spaces
