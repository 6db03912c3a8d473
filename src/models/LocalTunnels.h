#pragma once

#include "Expected.h"
#include "SpacesClient.h"

#include <QList>
#include <QObject>

namespace spaces {

class PortTunnel;

// The ports of spaces forwarded to this computer through the tunnel route, one PortTunnel
// each, kept while the app runs (across the spaces the user selects). The list the port
// forward model shows beside a space's server-side forwards.
class LocalTunnels final : public QObject
{
    Q_OBJECT

public:
    struct Entry
    {
        QString spaceId;
        QString spaceName;
        quint16 localPort = 0;
        quint16 remotePort = 0;
    };

    explicit LocalTunnels(ConnectionSettings settings, QObject *parent = nullptr);
    ~LocalTunnels() override;

    // Listens on 127.0.0.1:localPort (0: a free one) for `remotePort` of the space; the port
    // listened on, or the sentence why not.
    Expected<quint16> add(const QString &spaceId, const QString &spaceName, quint16 remotePort,
                          quint16 localPort);
    // False when no tunnel listens on that port.
    bool stop(quint16 localPort);
    QList<Entry> of(const QString &spaceId) const;
    bool contains(quint16 localPort) const;

Q_SIGNALS:
    void added(const spaces::LocalTunnels::Entry &entry);
    void removed(const spaces::LocalTunnels::Entry &entry);
    // A connection through one of them failed, with the server's sentence.
    void connectionFailed(const QString &spaceName, quint16 localPort, const QString &sentence);

private:
    struct Tunnel
    {
        Entry entry;
        PortTunnel *tunnel = nullptr;
    };

    ConnectionSettings m_settings;
    QList<Tunnel> m_tunnels;
};

} // namespace spaces
