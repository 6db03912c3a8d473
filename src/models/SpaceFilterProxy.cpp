#include "SpaceFilterProxy.h"

#include "SpaceListModel.h"

namespace spaces {

namespace {

// The order of the status column: what needs attention first, the idle last.
int statusRank(SpaceStatus status)
{
    switch (status) {
    case SpaceStatus::Failed:
        return -1;
    case SpaceStatus::Running:
        return 0;
    case SpaceStatus::Starting:
        return 1;
    case SpaceStatus::Stopping:
        return 2;
    case SpaceStatus::Pending:
        return 3;
    case SpaceStatus::Deleting:
        return 4;
    case SpaceStatus::Stopped:
        return 5;
    }
    return 6;
}

} // namespace

SpaceFilterProxy::SpaceFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

void SpaceFilterProxy::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

void SpaceFilterProxy::setStatusFilter(std::optional<SpaceStatus> status)
{
    if (status == m_status)
        return;
    m_status = status;
    invalidateFilter();
}

bool SpaceFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *source = sourceModel();
    if (!source)
        return false;
    const QModelIndex index = source->index(sourceRow, 0, sourceParent);
    if (m_status && index.data(SpaceListModel::StatusRole).value<SpaceStatus>() != *m_status)
        return false;
    if (m_text.isEmpty())
        return true;
    for (const int role : {int(SpaceListModel::NameRole), int(SpaceListModel::DescriptionRole),
                           int(SpaceListModel::TemplateRole)}) {
        if (index.data(role).toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool SpaceFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const auto byName = [&left, &right] {
        const QString leftName = left.data(SpaceListModel::NameRole).toString();
        const QString rightName = right.data(SpaceListModel::NameRole).toString();
        const int order = leftName.compare(rightName, Qt::CaseInsensitive);
        if (order != 0)
            return order < 0;
        // Equal but for case (or equal): a stable, total order still.
        const int exact = leftName.compare(rightName, Qt::CaseSensitive);
        if (exact != 0)
            return exact < 0;
        return left.data(SpaceListModel::IdRole).toString() <
               right.data(SpaceListModel::IdRole).toString();
    };
    switch (left.column()) {
    case SpaceListModel::NameColumn:
        return byName();
    case SpaceListModel::StatusColumn: {
        const int leftRank = statusRank(left.data(SpaceListModel::StatusRole).value<SpaceStatus>());
        const int rightRank =
            statusRank(right.data(SpaceListModel::StatusRole).value<SpaceStatus>());
        return leftRank != rightRank ? leftRank < rightRank : byName();
    }
    default: {
        const int order = left.data(Qt::DisplayRole)
                              .toString()
                              .compare(right.data(Qt::DisplayRole).toString(), Qt::CaseInsensitive);
        return order != 0 ? order < 0 : byName();
    }
    }
}

} // namespace spaces
