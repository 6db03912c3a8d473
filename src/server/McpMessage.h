#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace spaces {

// One JSON-RPC 2.0 message as MCP uses it: what a client sent, read tolerantly enough to
// answer every mistake with the right error, and the answers the server writes back.
struct McpMessage
{
    // The JSON-RPC error codes MCP servers answer with.
    enum ErrorCode
    {
        ParseError = -32700,
        InvalidRequest = -32600,
        MethodNotFound = -32601,
        InvalidParams = -32602,
        InternalError = -32603,
    };

    enum class Kind
    {
        Request,      // method and id: answered with a result or an error
        Notification, // method, no id: never answered
        Response,     // result or error: the client answering a request of ours
        Invalid,      // anything else: answered with InvalidRequest (with the id when it had one)
    };

    Kind kind = Kind::Invalid;
    QJsonValue id; // string or number; null when absent or unusable
    QString method;
    QJsonObject params;
    QString problem; // for Invalid: the sentence to answer with

    static McpMessage read(const QJsonValue &value);

    static QJsonObject result(const QJsonValue &id, const QJsonObject &result);
    static QJsonObject error(const QJsonValue &id, int code, const QString &message);
};

} // namespace spaces
