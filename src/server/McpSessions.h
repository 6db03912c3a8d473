#pragma once

#include <QString>
#include <deque>
#include <map>
#include <optional>

namespace spaces {

// The MCP sessions spacesd has issued (Mcp-Session-Id): who opened each and which protocol
// revision it speaks. A session belongs to the user whose token initialized it; another
// token naming it finds nothing. The oldest go first beyond a cap, so clients that never end
// their sessions cannot grow the server without bound. Lives on the Qt thread.
class McpSessions final
{
public:
    static constexpr std::size_t DefaultCapacity = 1024;

    struct Session
    {
        QString userId;
        QString protocolVersion;
    };

    explicit McpSessions(std::size_t capacity = DefaultCapacity)
        : m_capacity(capacity)
    {}

    // The new session's id: 128 random bits, hex (visible ASCII, as the transport requires).
    QString open(const QString &userId, const QString &protocolVersion);
    std::optional<Session> find(const QString &sessionId, const QString &userId) const;
    // False when there was no such session of that user.
    bool close(const QString &sessionId, const QString &userId);
    std::size_t size() const { return m_sessions.size(); }

private:
    std::size_t m_capacity;
    std::map<QString, Session> m_sessions;
    std::deque<QString> m_order; // oldest first; may hold ids already closed
};

} // namespace spaces
