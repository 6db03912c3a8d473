#include "LocalTunnels.h"

#include "PortTunnel.h"

namespace spaces {

LocalTunnels::LocalTunnels(ConnectionSettings settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{}

// The tunnels are children: they stop listening and end their connections as they go.
LocalTunnels::~LocalTunnels() = default;

Expected<quint16> LocalTunnels::add(const QString &spaceId, const QString &spaceName,
                                    quint16 remotePort, quint16 localPort)
{
    auto *tunnel = new PortTunnel(m_settings, spaceId, remotePort, this);
    const Expected<quint16> listening = tunnel->listen(localPort);
    if (!listening) {
        delete tunnel;
        return listening;
    }
    const Entry entry{spaceId, spaceName, *listening, remotePort};
    connect(tunnel, &PortTunnel::connectionFailed, this,
            [this, spaceName, port = *listening](const QString &sentence) {
                Q_EMIT connectionFailed(spaceName, port, sentence);
            });
    m_tunnels.append({entry, tunnel});
    Q_EMIT added(entry);
    return listening;
}

bool LocalTunnels::stop(quint16 localPort)
{
    for (qsizetype i = 0; i < m_tunnels.size(); ++i) {
        if (m_tunnels.at(i).entry.localPort != localPort)
            continue;
        const Tunnel gone = m_tunnels.takeAt(i);
        delete gone.tunnel;
        Q_EMIT removed(gone.entry);
        return true;
    }
    return false;
}

QList<LocalTunnels::Entry> LocalTunnels::of(const QString &spaceId) const
{
    QList<Entry> entries;
    for (const Tunnel &tunnel : m_tunnels) {
        if (tunnel.entry.spaceId == spaceId)
            entries.append(tunnel.entry);
    }
    return entries;
}

bool LocalTunnels::contains(quint16 localPort) const
{
    return std::any_of(m_tunnels.cbegin(), m_tunnels.cend(),
                       [localPort](const Tunnel &t) { return t.entry.localPort == localPort; });
}

} // namespace spaces
