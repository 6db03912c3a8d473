#pragma once

#include "ApiError.h"
#include "PortForward.h"
#include "SpacesClient.h"

#include <QAbstractTableModel>
#include <memory>

namespace spaces {

// The port forwards of one space: local port, target space, remote port, persistent.
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
        ColumnCount
    };
    enum Role
    {
        LocalPortRole = Qt::UserRole + 1,
        TargetRole,
        RemotePortRole,
        PersistentRole,
        UrlRole
    };

    explicit PortForwardModel(SpacesClient &client, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Which space's forwards to show (empty: none); loads them.
    void setSpace(const QString &spaceId);
    QString spaceId() const;
    void refresh();
    // Adds a forward from this space; refreshes on success.
    void add(const PortForwardRequest &request);
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
    void beginOperation();
    void endOperation();
    // A failure that never reached the server (no space chosen, a bad port).
    void failLocally(const QString &operation, const QString &sentence);

    SpacesClient &m_client;
    QString m_spaceId;
    PortForwardList m_forwards;
    int m_pending = 0;
    // Context of the calls for the current space: replaced when the space changes, so the
    // answers about the previous one are dropped.
    std::unique_ptr<QObject> m_context;
};

} // namespace spaces
