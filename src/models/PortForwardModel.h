#pragma once

#include "ApiError.h"
#include "LocalTunnels.h"
#include "PortForward.h"
#include "SpacesClient.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <functional>
#include <memory>

namespace spaces {

// The port forwards of one space: local port, target space, remote port, persistent, and
// which kind: the server's forwards to another space's port, then (when given LocalTunnels)
// the ports of this space forwarded to this computer through the tunnel route.
class PortForwardModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        LocalPortColumn,
        TargetColumn,
        RemotePortColumn,
        PersistentColumn,
        KindColumn,
        ColumnCount
    };
    enum Role
    {
        LocalPortRole = Qt::UserRole + 1,
        TargetRole,
        RemotePortRole,
        PersistentRole,
        UrlRole,
        IsLocalRole // forwarded to this computer (a LocalTunnels entry)
    };

    explicit PortForwardModel(SpacesClient &client, QObject *parent = nullptr);
    // Shows the tunnels of the current space as well; they outlive this model or are cleared.
    void setLocalTunnels(LocalTunnels *tunnels);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Which space's forwards to show (empty: none); loads them.
    void setSpace(const QString &spaceId);
    QString spaceId() const;
    void refresh();
    // Hears the outcome of one add (success, or the server's refusal) before the signals;
    // returning true on a refusal means it was reported there (a dialog showing it inline),
    // so operationFailed stays silent. Dropped with the space's other answers on setSpace.
    using Answer = std::function<bool(const Expected<bool> &outcome)>;
    // Adds a forward from this space; refreshes on success.
    void add(const PortForwardRequest &request, const Answer &answered = {});
    // Forwards `remotePort` of this space (named `spaceName` in the rows) to
    // 127.0.0.1:localPort (0: a free one).
    void addLocal(int remotePort, int localPort, const QString &spaceName);
    // Stops a server forward or a local tunnel, whichever listens on the port.
    void stop(int localPort);
    bool isBusy() const;

Q_SIGNALS:
    void busyChanged(bool busy);
    void operationFailed(const QString &operation, const spaces::ApiError &error);
    void forwardAdded(int localPort);

private:
    // Shows `forwards`: rows of ports that are gone removed, kept ones updated in place, new
    // ones appended (narrow signals, no reset).
    void apply(const PortForwardList &forwards);
    int rowOf(int localPort) const;
    void showLocal(const QList<LocalTunnels::Entry> &entries);
    QVariant localData(const LocalTunnels::Entry &entry, int column, int role) const;
    void beginOperation();
    void endOperation();
    // A failure that never reached the server (no space chosen, a bad port).
    void failLocally(const QString &operation, const QString &sentence);

    SpacesClient &m_client;
    QString m_spaceId;
    PortForwardList m_forwards;
    QPointer<LocalTunnels> m_tunnels;
    QList<LocalTunnels::Entry> m_local; // after m_forwards' rows
    int m_pending = 0;
    // Context of the calls for the current space: replaced when the space changes, so the
    // answers about the previous one are dropped.
    std::unique_ptr<QObject> m_context;
};

} // namespace spaces
