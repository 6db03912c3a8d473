#pragma once

#include "McpMessage.h"
#include "User.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <functional>

Q_DECLARE_LOGGING_CATEGORY(lcMcp)

namespace spaces {

class McpTools;

// The JSON-RPC methods of an initialized MCP session: ping, tools/list and tools/call (the
// transport handles initialize, which opens the session). Every answer, result or error, goes
// to `reply` once, possibly later and on another thread.
class McpMethods final
{
public:
    explicit McpMethods(McpTools &tools)
        : m_tools(tools)
    {}

    using Reply = std::function<void(const QJsonObject &response)>;
    void answer(const User &user, const McpMessage &request, Reply reply);

    // InitializeResult for the negotiated version.
    static QJsonObject initializeResult(const QString &protocolVersion);

private:
    void callTool(const User &user, const McpMessage &request, Reply reply);

    McpTools &m_tools;
};

} // namespace spaces
