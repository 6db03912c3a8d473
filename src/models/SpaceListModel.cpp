#include "SpaceListModel.h"

#include <QFuture>
#include <QLocale>
#include <QPromise>
#include <QThreadPool>
#include <utility>
#include <vector>

namespace spaces {

SpaceListModel::SpaceListModel(SpacesClient &client, QObject *parent)
    : QAbstractTableModel(parent)
    , m_client(client)
{
    m_readinessTimer.setInterval(ReadinessPollInterval);
    connect(&m_readinessTimer, &QTimer::timeout, this, &SpaceListModel::pollReadiness);
}

int SpaceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SpaceListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SpaceListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const Space &space = row.space;
    const SpaceStatus status = SpaceStatusText::fromSpace(space, row.operation);
    const QString templateName =
        space.templateName.isEmpty() ? space.templateId : space.templateName;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return space.name;
        case StatusColumn:
            return SpaceStatusText::label(space, status);
        case TemplateColumn:
            return templateName;
        case DescriptionColumn:
            return space.description;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case NameColumn:
            return space.description.isEmpty()
                       ? tr("Space %1, made from the template %2").arg(space.name, templateName)
                       : tr("Space %1: %2").arg(space.name, space.description);
        case StatusColumn:
            if (row.operation != SpaceOperation::None)
                return SpaceStatusText::label(row.operation);
            if (status == SpaceStatus::Running && space.startedAt.isValid())
                return tr("Running since %1")
                    .arg(QLocale().toString(space.startedAt.toLocalTime(), QLocale::ShortFormat));
            if (status == SpaceStatus::Failed && space.lastExit)
                return tr("Stopped at %1: %2")
                    .arg(QLocale().toString(space.lastExit->at.toLocalTime(), QLocale::ShortFormat),
                         space.lastExit->reason);
            return SpaceStatusText::label(status);
        case TemplateColumn:
            return tr("Made from the template %1").arg(templateName);
        case DescriptionColumn:
            return space.description.isEmpty() ? tr("No description") : space.description;
        default:
            return {};
        }
    case IdRole:
        return space.id;
    case NameRole:
        return space.name;
    case StatusRole:
        return QVariant::fromValue(status);
    case OperationRole:
        return QVariant::fromValue(row.operation);
    case TemplateRole:
        return templateName;
    case DescriptionRole:
        return space.description;
    case ShellRole:
        return space.shell;
    case SpaceRole:
        return QVariant::fromValue(space);
    case AwaitingAgentRole:
        return SpaceStatusText::isAwaitingAgent(space);
    case FailureRole:
        return status == SpaceStatus::Failed && space.lastExit ? space.lastExit->reason : QString();
    default:
        return {};
    }
}

QVariant SpaceListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case StatusColumn:
        return tr("Status");
    case TemplateColumn:
        return tr("Template");
    case DescriptionColumn:
        return tr("Description");
    default:
        return {};
    }
}

QHash<int, QByteArray> SpaceListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(IdRole, "spaceId");
    names.insert(NameRole, "name");
    names.insert(StatusRole, "status");
    names.insert(OperationRole, "operation");
    names.insert(TemplateRole, "templateName");
    names.insert(DescriptionRole, "description");
    names.insert(ShellRole, "shell");
    names.insert(SpaceRole, "space");
    names.insert(AwaitingAgentRole, "awaitingAgent");
    names.insert(FailureRole, "failure");
    return names;
}

void SpaceListModel::applySpaces(const SpaceList &spaces)
{
    ListChanges changes = diff(m_rows, m_rowById, spaces);
    applyChanges(changes);
}

SpaceListModel::ListChanges SpaceListModel::diff(const QList<Row> &rows,
                                                 const QHash<QString, int> &rowById,
                                                 const SpaceList &spaces)
{
    // One pass over the incoming list against the index: which rows are still there (and
    // changed), which spaces are new. The first occurrence of an id wins.
    ListChanges changes;
    changes.kept.assign(size_t(rows.size()), false);
    QSet<QString> addedIds;
    for (const Space &space : spaces) {
        if (space.id.isEmpty())
            continue;
        const auto found = rowById.constFind(space.id);
        if (found == rowById.constEnd()) {
            if (!addedIds.contains(space.id)) {
                addedIds.insert(space.id);
                changes.added.append(Row{space, SpaceOperation::None});
            }
            continue;
        }
        const int row = *found;
        if (changes.kept[size_t(row)])
            continue;
        changes.kept[size_t(row)] = true;
        if (rows.at(row).space != space)
            changes.changed.append({row, space});
    }
    return changes;
}

void SpaceListModel::applyChanges(ListChanges &changes)
{
    Q_ASSERT(changes.kept.size() == size_t(m_rows.size()));
    ++m_generation;
    // Changed in place, one dataChanged per row.
    // Only what changed can have changed its readiness; rows removed below are forgotten by
    // the next poll.
    for (auto &[row, space] : changes.changed) {
        noticeFailure(m_rows.at(row).space, space);
        m_rows[row].space = std::move(space);
        emitRowChanged(row);
        watchReadiness(m_rows.at(row).space);
    }

    // Gone: contiguous blocks, from the bottom so that the rows above keep their numbers.
    const std::vector<bool> &kept = changes.kept;
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (kept[size_t(row)])
            continue;
        const int last = row;
        while (row > 0 && !kept[size_t(row - 1)])
            --row;
        beginRemoveRows({}, row, last);
        for (int gone = row; gone <= last; ++gone)
            m_rowById.remove(m_rows.at(gone).space.id);
        m_rows.remove(row, last - row + 1);
        rebuildIndex(row);
        endRemoveRows();
    }

    // New ones appended, in the server's order (the proxy sorts).
    if (!changes.added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(changes.added.size()) - 1);
        m_rowById.reserve(first + changes.added.size());
        m_rows.append(std::move(changes.added));
        rebuildIndex(first);
        endInsertRows();
        for (int row = first; row < int(m_rows.size()); ++row)
            watchReadiness(m_rows.at(row).space);
    }
    updateReadinessTimer();
}

SpaceList SpaceListModel::withLaterChanges(SpaceList spaces, const QList<Row> &rows,
                                           const QHash<QString, int> &rowById,
                                           const QSet<QString> &touched,
                                           const QSet<QString> &removed)
{
    if (touched.isEmpty() && removed.isEmpty())
        return spaces;
    const auto current = [&](const QString &id) -> const Space * {
        const int row = rowById.value(id, -1);
        return row < 0 ? nullptr : &rows.at(row).space;
    };
    QSet<QString> listed;
    spaces.removeIf([&](const Space &space) { return removed.contains(space.id); });
    for (Space &space : spaces) {
        listed.insert(space.id);
        if (touched.contains(space.id)) {
            if (const Space *now = current(space.id))
                space = *now;
        }
    }
    for (const QString &id : touched) {
        if (const Space *now = current(id); now && !listed.contains(id))
            spaces.append(*now);
    }
    return spaces;
}

void SpaceListModel::applyListElsewhere(SpaceList spaces)
{
    // Copies of the rows and the index share their data with the model's (nothing is
    // copied here); the pool thread lets go of them before it answers, so that the next
    // change of the rows here does not copy 10,000 of them.
    auto promise = std::make_shared<QPromise<ListChanges>>();
    QFuture<ListChanges> future = promise->future();
    promise->start();
    // The continuation is attached before the work starts: it may finish at once.
    future.then(this, [this](ListChanges changes) {
        if (changes.generation == m_generation) {
            applyChanges(changes);
            m_loaded = true;
        } else {
            // A single space changed meanwhile: the rows are not those the diff knew. The
            // list is asked for again, whole (rare: a change within the few milliseconds).
            m_listTag.clear();
            m_refreshAgain = true;
        }
        finishRefresh(std::nullopt);
    });
    QThreadPool::globalInstance()->start(
        [promise, rows = m_rows, rowById = m_rowById, touched = m_touchedDuringRefresh,
         removed = m_removedDuringRefresh, generation = m_generation,
         incoming = std::move(spaces)]() mutable {
            ListChanges changes;
            {
                const QList<Row> ownRows = std::move(rows);
                const QHash<QString, int> ownIndex = std::move(rowById);
                changes = diff(ownRows, ownIndex,
                               withLaterChanges(incoming, ownRows, ownIndex, touched, removed));
            }
            changes.generation = generation;
            // The answer's spaces the rows do not keep (most of 10,000) are freed here.
            incoming = SpaceList();
            promise->addResult(std::move(changes));
            promise->finish();
        });
}

void SpaceListModel::applySpace(const Space &space)
{
    if (space.id.isEmpty())
        return;
    if (m_loading) {
        m_touchedDuringRefresh.insert(space.id);
        m_removedDuringRefresh.remove(space.id);
    }
    const int row = rowOf(space.id);
    if (row >= 0) {
        if (m_rows.at(row).space != space) {
            ++m_generation;
            const Space before = m_rows.at(row).space;
            m_rows[row].space = space;
            emitRowChanged(row);
            noticeFailure(before, space);
        }
    } else {
        ++m_generation;
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first);
        m_rows.append(Row{space, SpaceOperation::None});
        m_rowById.insert(space.id, first);
        endInsertRows();
    }
    watchReadiness(space);
    updateReadinessTimer();
}

void SpaceListModel::removeSpace(const QString &id)
{
    if (const auto fetch = m_fetches.find(id); fetch != m_fetches.end()) {
        fetch->stale = true;
        fetch->again = false;
    }
    if (m_loading) {
        m_removedDuringRefresh.insert(id);
        m_touchedDuringRefresh.remove(id);
    }
    m_awaitingAgent.remove(id);
    const int row = rowOf(id);
    if (row < 0)
        return;
    ++m_generation;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    m_rowById.remove(id);
    rebuildIndex(row);
    endRemoveRows();
}

int SpaceListModel::rowOf(const QString &id) const
{
    return m_rowById.value(id, -1);
}

const Space *SpaceListModel::space(const QString &id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_rows.at(row).space;
}

SpaceOperation SpaceListModel::operation(const QString &id) const
{
    const int row = rowOf(id);
    return row < 0 ? SpaceOperation::None : m_rows.at(row).operation;
}

bool SpaceListModel::concernsCaller(const QString &ownerId) const
{
    const std::optional<User> me = m_client.cachedUser();
    return !me || ownerId.isEmpty() || ownerId == me->id;
}

void SpaceListModel::noticeFailure(const Space &before, const Space &after)
{
    if (after.lastExit && after.state() == Space::State::Stopped &&
        before.lastExit != after.lastExit)
        Q_EMIT spaceFailed(after.id, after.name, after.lastExit->reason);
}

void SpaceListModel::watchReadiness(const Space &space)
{
    if (!SpaceStatusText::isAwaitingAgent(space))
        m_awaitingAgent.remove(space.id);
    else if (!m_awaitingAgent.contains(space.id))
        m_awaitingAgent.insert(space.id, QDeadlineTimer(ReadinessWaitLimit));
}

void SpaceListModel::updateReadinessTimer()
{
    if (m_awaitingAgent.isEmpty())
        m_readinessTimer.stop();
    else if (!m_readinessTimer.isActive())
        m_readinessTimer.start();
}

void SpaceListModel::pollReadiness()
{
    for (auto it = m_awaitingAgent.begin(); it != m_awaitingAgent.end();) {
        // Past the limit the space stays shown as Starting; events and lists still update it.
        if (it->hasExpired() || rowOf(it.key()) < 0) {
            it = m_awaitingAgent.erase(it);
            continue;
        }
        if (operation(it.key()) == SpaceOperation::None)
            refreshSpace(it.key());
        ++it;
    }
    updateReadinessTimer();
}

void SpaceListModel::refresh()
{
    if (m_loading) {
        // One list at a time; whatever asked meanwhile gets one more, after this one.
        m_refreshAgain = true;
        return;
    }
    m_touchedDuringRefresh.clear();
    m_removedDuringRefresh.clear();
    setLoading(true);
    // Asked for with the tag of the list the rows came from: unchanged, it is neither sent,
    // parsed nor compared, and the rows (with the single spaces fetched since) stay as they are.
    m_client.listSpacesIfChanged(
        m_listTag, this, [this](const Expected<SpacesClient::SpaceListRevision> &result) {
            if (result)
                m_listTag = result->entityTag;
            if (result && result->spaces) // continued there, then finishRefresh
                return applyListElsewhere(*result->spaces);
            finishRefresh(result ? std::nullopt : std::optional(result.error()));
        });
}

void SpaceListModel::finishRefresh(const std::optional<ApiError> &error)
{
    m_touchedDuringRefresh.clear();
    m_removedDuringRefresh.clear();
    const bool again = std::exchange(m_refreshAgain, false);
    setLoading(false);
    if (error)
        Q_EMIT refreshFailed(*error);
    else
        Q_EMIT refreshed();
    if (again)
        refresh();
}

void SpaceListModel::refreshSpace(const QString &id)
{
    if (id.isEmpty())
        return;
    if (const auto fetch = m_fetches.find(id); fetch != m_fetches.end()) {
        fetch->again = true; // the answer under way may predate what prompted this
        return;
    }
    m_fetches.insert(id, Fetch{});
    m_client.getSpace(id, this, [this, id](const Expected<Space> &result) {
        const Fetch fetch = m_fetches.take(id);
        if (fetch.again) {
            refreshSpace(id);
            return;
        }
        if (fetch.stale)
            return;
        if (result) {
            // An event of another user's space (Knot sends everyone's) is not for this list.
            if (rowOf(id) < 0 && !concernsCaller(result->userId))
                return;
            applySpace(result.value());
        } else if (result.error().kind() == ApiError::Kind::NotFound) {
            removeSpace(id);
        }
    });
}

void SpaceListModel::start(const QString &id)
{
    runOperation(id, SpaceOperation::Starting, tr("Start"), [this, id](SpacesClient::Done done) {
        m_client.startSpace(id, this, std::move(done));
    });
}

void SpaceListModel::stop(const QString &id)
{
    runOperation(id, SpaceOperation::Stopping, tr("Stop"), [this, id](SpacesClient::Done done) {
        m_client.stopSpace(id, this, std::move(done));
    });
}

void SpaceListModel::restart(const QString &id)
{
    runOperation(
        id, SpaceOperation::Restarting, tr("Restart"),
        [this, id](SpacesClient::Done done) { m_client.restartSpace(id, this, std::move(done)); });
}

void SpaceListModel::setDescription(const QString &id, const QString &description)
{
    if (!space(id))
        return;
    SpaceChange change;
    change.description = description;
    runOperation(id, SpaceOperation::Saving, tr("Change description"),
                 [this, id, change](SpacesClient::Done done) {
                     m_client.updateSpace(id, change, this, std::move(done));
                 });
}

void SpaceListModel::remove(const QString &id, const Answer &answered)
{
    const int row = rowOf(id);
    if (row < 0 || m_rows.at(row).operation != SpaceOperation::None) {
        if (answered)
            answered(ApiError::conflict(row < 0 ? tr("The space is gone already.")
                                                : tr("Wait until the operation in progress "
                                                     "has finished.")));
        return;
    }
    const QString name = m_rows.at(row).space.name;
    setOperation(id, SpaceOperation::Deleting);
    m_client.deleteSpace(id, this, [this, id, name, answered](const Expected<bool> &result) {
        const QString label = tr("Delete");
        if (!result) {
            if (answered && answered(result.error())) {
                if (result.error().kind() == ApiError::Kind::NotFound) {
                    removeSpace(id);
                } else {
                    setOperation(id, SpaceOperation::None);
                    refreshSpace(id);
                }
                return;
            }
            finishOperation(id, label, name, result.error());
            return;
        }
        removeSpace(id);
        Q_EMIT operationSucceeded(label, name);
        if (answered)
            answered(id);
    });
}

void SpaceListModel::create(const CreateSpaceRequest &request, const Answer &answered)
{
    const QString name = request.name;
    m_client.createSpace(request, this, [this, name, answered](const Expected<QString> &created) {
        const QString label = tr("Create");
        if (!created) {
            if (!answered || !answered(created.error()))
                Q_EMIT operationFailed(label, name, created.error());
            return;
        }
        const QString id = created.value();
        m_client.getSpace(id, this,
                          [this, id, name, label, answered](const Expected<Space> &fetched) {
                              if (fetched)
                                  applySpace(fetched.value());
                              else
                                  refreshSpace(id); // the event stream or this retry brings it
                              Q_EMIT spaceCreated(id);
                              Q_EMIT operationSucceeded(label, name);
                              if (answered)
                                  answered(id);
                          });
    });
}

void SpaceListModel::rebuildIndex(int fromRow)
{
    for (int row = fromRow; row < m_rows.size(); ++row)
        m_rowById.insert(m_rows.at(row).space.id, row);
}

void SpaceListModel::emitRowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void SpaceListModel::setOperation(const QString &id, SpaceOperation operation)
{
    const int row = rowOf(id);
    if (row < 0 || m_rows.at(row).operation == operation)
        return;
    m_rows[row].operation = operation;
    emitRowChanged(row);
}

void SpaceListModel::runOperation(const QString &id, SpaceOperation operation, const QString &label,
                                  const std::function<void(SpacesClient::Done)> &call)
{
    const int row = rowOf(id);
    // One operation per space at a time: the row shows the one in flight.
    if (row < 0 || m_rows.at(row).operation != SpaceOperation::None)
        return;
    const QString name = m_rows.at(row).space.name;
    setOperation(id, operation);
    call([this, id, label, name](const Expected<bool> &result) {
        if (!result) {
            finishOperation(id, label, name, result.error());
            return;
        }
        // Keep showing the operation until the space as the server now has it is here, so
        // the status goes straight from "Starting" to "Running".
        m_client.getSpace(id, this, [this, id, label, name](const Expected<Space> &fetched) {
            const int current = rowOf(id);
            if (current >= 0) {
                if (fetched) {
                    if (m_loading)
                        m_touchedDuringRefresh.insert(id);
                    ++m_generation;
                    m_rows[current].space = fetched.value();
                    m_rows[current].operation = SpaceOperation::None;
                    emitRowChanged(current);
                    watchReadiness(m_rows.at(current).space);
                    updateReadinessTimer();
                } else if (fetched.error().kind() == ApiError::Kind::NotFound) {
                    removeSpace(id);
                } else {
                    setOperation(id, SpaceOperation::None);
                }
            }
            Q_EMIT operationSucceeded(label, name);
        });
    });
}

void SpaceListModel::finishOperation(const QString &id, const QString &label, const QString &name,
                                     const ApiError &error)
{
    if (error.kind() == ApiError::Kind::NotFound) {
        removeSpace(id);
    } else {
        setOperation(id, SpaceOperation::None);
        refreshSpace(id); // the refusal suggests the row is out of date
    }
    Q_EMIT operationFailed(label, name, error);
}

void SpaceListModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

} // namespace spaces
