#pragma once

#include "ApiError.h"
#include "Space.h"
#include "SpaceStatus.h"
#include "SpacesClient.h"

#include <QAbstractTableModel>
#include <QDeadlineTimer>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace spaces {

// The user's spaces as a table, kept in step with the server: a refresh diffs by space id and
// emits dataChanged / rowsInserted / rowsRemoved for what changed, never a reset. Every
// operation is asynchronous; the row shows it while it is in flight.
class SpaceListModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        StatusColumn,
        TemplateColumn,
        DescriptionColumn,
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        NameRole,
        StatusRole,    // SpaceStatus
        OperationRole, // SpaceOperation
        TemplateRole,  // template name
        DescriptionRole,
        ShellRole,
        SpaceRole,         // the whole Space
        AwaitingAgentRole, // bool: deployed, shown as Starting until its agent connects
        FailureRole,       // QString: why a failed space stopped (last_exit), else empty
    };

    static constexpr std::chrono::milliseconds ReadinessPollInterval{1000};
    static constexpr std::chrono::milliseconds ReadinessWaitLimit{120000};

    explicit SpaceListModel(SpacesClient &client, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Applies a complete list from the server as the smallest set of row changes, here and
    // now. refresh() works the changes out on a pool thread instead and applies them here.
    void applySpaces(const SpaceList &spaces);
    // Applies one space fetched again (inserted if new).
    void applySpace(const Space &space);
    void removeSpace(const QString &id);

    int rowOf(const QString &id) const;          // -1 when absent
    const Space *space(const QString &id) const; // nullptr when absent
    SpaceOperation operation(const QString &id) const;
    // Whether a space of `ownerId` belongs in this list: the caller's own (true while the
    // caller is not known yet). Knot's events carry every user's spaces.
    bool concernsCaller(const QString &ownerId) const;
    bool isLoading() const { return m_loading; }
    bool hasLoaded() const { return m_loaded; }

    // Hears the outcome of one create or delete: the space's id after the success signals,
    // or the server's refusal before them; returning true on a refusal means it was reported
    // there (a dialog showing it inline, the sum of a bulk delete): operationFailed stays silent.
    using Answer = std::function<bool(const Expected<QString> &outcome)>;

    // Server round trips. Each reports failure through operationFailed with the server's own
    // sentence; success shows up as the changed space.
    void refresh();
    void refreshSpace(const QString &id); // 404 removes it
    void start(const QString &id);
    void stop(const QString &id);
    void restart(const QString &id);
    void remove(const QString &id, const Answer &answered = {});
    void create(const CreateSpaceRequest &request, const Answer &answered = {});
    void setDescription(const QString &id, const QString &description);

Q_SIGNALS:
    void loadingChanged(bool loading);
    void refreshed();
    void refreshFailed(const spaces::ApiError &error);
    // What the user tried ("Start", "Delete"...), on which space, and the server's answer.
    void operationFailed(const QString &operation, const QString &spaceName,
                         const spaces::ApiError &error);
    void operationSucceeded(const QString &operation, const QString &spaceName);
    void spaceCreated(const QString &id);
    // A space this list shows has just died or failed to start (a new last_exit): `reason`
    // is the server's sentence ("exited with status 1", "failed to start: ...").
    void spaceFailed(const QString &id, const QString &name, const QString &reason);

private:
    struct Row
    {
        Space space;
        SpaceOperation operation = SpaceOperation::None;
    };
    // A getSpace in flight for an id; `stale` once the space was removed meanwhile, so a late
    // answer cannot bring it back.
    struct Fetch
    {
        bool again = false;
        bool stale = false;
    };
    using Finish = std::function<void()>;
    // What applying a list to the rows changes, worked out from copies of the rows and the
    // index, so that it can be done off the Qt thread.
    struct ListChanges
    {
        quint64 generation = 0;               // of the rows it was worked out from
        QList<std::pair<int, Space>> changed; // row, the space it shows now
        std::vector<bool> kept;               // per row: still in the list
        QList<Row> added;                     // new spaces, in the server's order
    };
    static ListChanges diff(const QList<Row> &rows, const QHash<QString, int> &rowById,
                            const SpaceList &spaces);
    // The list with what happened to single spaces while it was under way (those are newer).
    static SpaceList withLaterChanges(SpaceList spaces, const QList<Row> &rows,
                                      const QHash<QString, int> &rowById,
                                      const QSet<QString> &touched, const QSet<QString> &removed);
    void applyChanges(ListChanges &changes);
    // A refresh's list: diffed on a pool thread against a copy of the rows, applied here if
    // the rows are still those (else asked for again); the answer's 10,000 spaces are freed
    // on the pool thread too.
    void applyListElsewhere(SpaceList spaces);
    void finishRefresh(const std::optional<ApiError> &error);

    void rebuildIndex(int fromRow);
    void emitRowChanged(int row);
    // Emits spaceFailed when `after` carries a last_exit that `before` did not.
    void noticeFailure(const Space &before, const Space &after);
    void setOperation(const QString &id, SpaceOperation operation);
    // Marks the row busy, runs `call`, then refetches the space and clears the operation.
    void runOperation(const QString &id, SpaceOperation operation, const QString &label,
                      const std::function<void(SpacesClient::Done)> &call);
    void finishOperation(const QString &id, const QString &label, const QString &name,
                         const ApiError &error);
    void setLoading(bool loading);
    // Deployed spaces whose agent is not connected yet are fetched again now and then, for a
    // while, until they are ready (Knot may not send an event when the agent connects).
    void watchReadiness(const Space &space);
    void updateReadinessTimer();
    void pollReadiness();

    SpacesClient &m_client;
    QList<Row> m_rows;
    QHash<QString, int> m_rowById;
    // Bumped by every change of the rows' spaces or order: a diff of older rows is stale.
    quint64 m_generation = 0;
    QHash<QString, Fetch> m_fetches;
    bool m_loading = false;
    bool m_loaded = false;
    QByteArray m_listTag; // the ETag of the list the rows were last compared with
    bool m_refreshAgain = false;
    // What happened to single spaces while a list was in flight: its answer may predate it.
    QSet<QString> m_touchedDuringRefresh;
    QSet<QString> m_removedDuringRefresh;
    QHash<QString, QDeadlineTimer> m_awaitingAgent; // id -> until when to keep asking
    QTimer m_readinessTimer;
};

} // namespace spaces
