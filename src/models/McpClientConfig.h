#pragma once

#include <QString>
#include <QUrl>

namespace spaces {

// What an AI assistant needs to reach a spaces server over MCP, as text to paste: the
// Streamable HTTP URL, the stdio command (`spacectl mcp`) and the `mcpServers` JSON that
// Claude Desktop and most other clients read. The token is whatever the caller passes, so a
// dialog can put a placeholder there until the user asks to see the real one.
class McpClientConfig final
{
public:
    // `local`: the connection is this computer's spacesd, which spacectl finds by itself
    // (no URL or token in the stdio form).
    McpClientConfig(QUrl serverUrl, bool local, QString spacectlPath);

    QString mcpUrl() const;
    QString stdioCommand() const;
    // {"mcpServers":{"spaces":{"command":..., "args":["mcp"], "env":{...}}}}
    QString stdioSnippet(const QString &token) const;
    // {"mcpServers":{"spaces":{"type":"http","url":...,"headers":{"Authorization":...}}}}
    QString httpSnippet(const QString &token) const;
    bool needsTokenForStdio() const { return !m_local; }

    // spacectl next to the running program when it is there, else the bare name ($PATH).
    static QString spacectlBesides(const QString &applicationDirectory);

private:
    QString serverAddress() const; // scheme, host, port and path, no trailing '/'

    QUrl m_serverUrl;
    bool m_local;
    QString m_spacectlPath;
};

} // namespace spaces
