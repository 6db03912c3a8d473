#pragma once

#include <QString>
#include <QStringList>

namespace spaces {

// The MCP revisions this server speaks and what differs between them for the transport.
class McpProtocolVersion final
{
public:
    static const QStringList &supported(); // oldest first
    static QString latest();
    static bool isSupported(const QString &version);
    // initialize: the client's version when we speak it, else our latest (the client then
    // decides whether it can go on).
    static QString negotiate(const QString &requested);
    // JSON-RPC batches: allowed up to 2025-03-26, removed in 2025-06-18.
    static bool allowsBatches(const QString &version);
};

} // namespace spaces
