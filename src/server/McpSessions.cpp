#include "McpSessions.h"

#include <QRandomGenerator>

namespace spaces {

QString McpSessions::open(const QString &userId, const QString &protocolVersion)
{
    quint64 bits[2];
    QRandomGenerator::system()->fillRange(bits);
    const QString id = QString::fromLatin1(
        QByteArray::fromRawData(reinterpret_cast<const char *>(bits), sizeof bits).toHex());
    while (m_sessions.size() >= m_capacity && !m_order.empty()) {
        m_sessions.erase(m_order.front());
        m_order.pop_front();
    }
    m_sessions[id] = Session{userId, protocolVersion};
    m_order.push_back(id);
    // Closed sessions leave their ids behind in m_order; drop them once they dominate.
    if (m_order.size() > 2 * m_capacity) {
        std::deque<QString> live;
        for (const QString &kept : m_order) {
            if (m_sessions.count(kept))
                live.push_back(kept);
        }
        m_order.swap(live);
    }
    return id;
}

std::optional<McpSessions::Session> McpSessions::find(const QString &sessionId,
                                                      const QString &userId) const
{
    const auto found = m_sessions.find(sessionId);
    if (found == m_sessions.end() || found->second.userId != userId)
        return std::nullopt;
    return found->second;
}

bool McpSessions::close(const QString &sessionId, const QString &userId)
{
    const auto found = m_sessions.find(sessionId);
    if (found == m_sessions.end() || found->second.userId != userId)
        return false;
    m_sessions.erase(found);
    return true;
}

} // namespace spaces
