#pragma once

#include "SpaceStatus.h"

#include <QColor>
#include <QPalette>
#include <QStyledItemDelegate>

namespace spaces {

// Paints the status column as a coloured, rounded badge: green running, grey stopped, red
// deleting; transitional states (starting, stopping, pending, or an operation this app has in
// flight) are outlined with a dashed border and a trailing ellipsis until they settle.
class StatusBadgeDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    static QColor colour(SpaceStatus status);
    // The colour for the palette the badge is painted on (lighter on dark ones).
    static QColor colour(SpaceStatus status, const QPalette &palette);
    static bool isTransitional(SpaceStatus status, SpaceOperation operation);
    static QString badgeText(const QModelIndex &index);
};

} // namespace spaces
