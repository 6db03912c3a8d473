#pragma once

#include "SpaceStatus.h"

#include <QSortFilterProxyModel>
#include <optional>

namespace spaces {

// Sorting and filtering of the space list: a text that matches name, description or template
// (case-insensitive), and optionally one status.
class SpaceFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit SpaceFilterProxy(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    void setStatusFilter(std::optional<SpaceStatus> status);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    std::optional<SpaceStatus> m_status;
};

} // namespace spaces
