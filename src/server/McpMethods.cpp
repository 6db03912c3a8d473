#include "McpMethods.h"

#include "McpToolCatalog.h"
#include "McpTools.h"

#include <QCoreApplication>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcMcp, "spaces.mcp", QtWarningMsg)

namespace spaces {

QJsonObject McpMethods::initializeResult(const QString &protocolVersion)
{
    return {{QStringLiteral("protocolVersion"), protocolVersion},
            {QStringLiteral("capabilities"),
             QJsonObject{
                 {QStringLiteral("tools"), QJsonObject{{QStringLiteral("listChanged"), false}}}}},
            {QStringLiteral("serverInfo"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("spacesd")},
                         {QStringLiteral("title"), QStringLiteral("Spaces Desktop")},
                         {QStringLiteral("version"), QCoreApplication::applicationVersion()}}},
            {QStringLiteral("instructions"),
             QStringLiteral("Manages the caller's development spaces on this computer: list, "
                            "create, start, stop and delete them, run commands and scripts in "
                            "them, read and set their custom fields and forward ports between "
                            "them. Spaces are named; list_spaces shows the names.")}};
}

void McpMethods::answer(const User &user, const McpMessage &request, Reply reply)
{
    if (request.method == QLatin1StringView("ping"))
        return reply(McpMessage::result(request.id, {}));
    if (request.method == QLatin1StringView("tools/list"))
        return reply(
            McpMessage::result(request.id, {{QStringLiteral("tools"), McpToolCatalog::tools()}}));
    if (request.method == QLatin1StringView("tools/call"))
        return callTool(user, request, std::move(reply));
    if (request.method == QLatin1StringView("initialize"))
        return reply(McpMessage::error(request.id, McpMessage::InvalidRequest,
                                       QStringLiteral("this session is already initialized")));
    reply(McpMessage::error(request.id, McpMessage::MethodNotFound,
                            QStringLiteral("Method not found: %1").arg(request.method)));
}

void McpMethods::callTool(const User &user, const McpMessage &request, Reply reply)
{
    const QJsonValue name = request.params.value(QLatin1StringView("name"));
    if (!name.isString())
        return reply(McpMessage::error(request.id, McpMessage::InvalidParams,
                                       QStringLiteral("tools/call needs the tool's \"name\"")));
    if (!McpToolCatalog::has(name.toString()))
        return reply(McpMessage::error(request.id, McpMessage::InvalidParams,
                                       QStringLiteral("Unknown tool: %1").arg(name.toString())));
    const QJsonValue arguments = request.params.value(QLatin1StringView("arguments"));
    if (!arguments.isUndefined() && !arguments.isNull() && !arguments.isObject())
        return reply(McpMessage::error(request.id, McpMessage::InvalidParams,
                                       QStringLiteral("\"arguments\" must be a JSON object")));
    qCDebug(lcMcp) << "tools/call" << name.toString() << "by" << user.username;
    m_tools.call(user, name.toString(), arguments.toObject(),
                 [reply = std::move(reply), id = request.id](const McpToolResult &result) {
                     reply(McpMessage::result(id, result.toJson()));
                 });
}

} // namespace spaces
