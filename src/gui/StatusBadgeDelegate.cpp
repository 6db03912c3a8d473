#include "StatusBadgeDelegate.h"

#include "SpaceListModel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace spaces {

namespace {
constexpr int PaddingX = 10;
constexpr int PaddingY = 3;
constexpr int Margin = 4;

SpaceStatus statusOf(const QModelIndex &index)
{
    return index.data(SpaceListModel::StatusRole).value<SpaceStatus>();
}

SpaceOperation operationOf(const QModelIndex &index)
{
    const QVariant operation = index.data(SpaceListModel::OperationRole);
    return operation.isValid() ? operation.value<SpaceOperation>() : SpaceOperation::None;
}
} // namespace

QColor StatusBadgeDelegate::colour(SpaceStatus status)
{
    switch (status) {
    case SpaceStatus::Running:
        return QColor(0x1e, 0x9e, 0x4a);
    case SpaceStatus::Stopped:
        return QColor(0x6b, 0x72, 0x80);
    case SpaceStatus::Starting:
        return QColor(0x2f, 0x80, 0xed);
    case SpaceStatus::Stopping:
    case SpaceStatus::Pending:
        return QColor(0xd9, 0x8a, 0x00);
    case SpaceStatus::Deleting:
        return QColor(0xd9, 0x30, 0x25);
    case SpaceStatus::Failed:
        return QColor(0xc6, 0x28, 0x28);
    }
    return QColor(0x6b, 0x72, 0x80);
}

QColor StatusBadgeDelegate::colour(SpaceStatus status, const QPalette &palette)
{
    // On a dark palette the same hues, lighter, so that a badge stands out of the dark base
    // as much as it does of a light one; the white text keeps its contrast on them.
    const QColor base = colour(status);
    return palette.color(QPalette::Base).lightness() < 128 ? base.lighter(125) : base;
}

bool StatusBadgeDelegate::isTransitional(SpaceStatus status, SpaceOperation operation)
{
    return operation != SpaceOperation::None || status == SpaceStatus::Starting ||
           status == SpaceStatus::Stopping || status == SpaceStatus::Pending ||
           status == SpaceStatus::Deleting;
}

QString StatusBadgeDelegate::badgeText(const QModelIndex &index)
{
    const SpaceOperation operation = operationOf(index);
    if (operation != SpaceOperation::None)
        return SpaceStatusText::label(operation);
    // "Exited (1)", "Killed (SIGKILL)": the model's words for a failed space.
    if (statusOf(index) == SpaceStatus::Failed)
        return index.data(Qt::DisplayRole).toString();
    return SpaceStatusText::label(statusOf(index));
}

void StatusBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const SpaceStatus status = statusOf(index);
    const bool transitional = isTransitional(status, operationOf(index));
    const QString text = badgeText(index);
    QFont font = option.font;
    font.setPointSizeF(font.pointSizeF() * 0.9);
    font.setBold(true);
    const QFontMetrics metrics(font);
    const int width = metrics.horizontalAdvance(text) + 2 * PaddingX;
    const int height = metrics.height() + 2 * PaddingY;
    const QRectF badge(option.rect.left() + Margin,
                       option.rect.top() + (option.rect.height() - height) / 2.0,
                       std::min(width, option.rect.width() - 2 * Margin), height);

    const QColor base = colour(status, option.palette);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(badge.adjusted(0.5, 0.5, -0.5, -0.5), height / 2.0, height / 2.0);
    if (transitional) {
        // Light fill, dashed outline: "on its way", not yet a state. On a selected row the
        // fill is opaque, or the badge's text would sit on the highlight colour.
        QColor fill = base;
        fill.setAlpha(40);
        if (option.state & QStyle::State_Selected)
            painter->fillPath(path, option.palette.color(QPalette::Base));
        painter->fillPath(path, fill);
        QPen pen(base, 1.2, Qt::DashLine);
        painter->setPen(pen);
        painter->drawPath(path);
        painter->setPen(base.darker(120));
    } else {
        painter->fillPath(path, base);
        painter->setPen(Qt::white);
    }
    painter->setFont(font);
    painter->drawText(
        badge, Qt::AlignCenter,
        metrics.elidedText(text, Qt::ElideRight, int(badge.width()) - 2 * PaddingX + 4));
    painter->restore();
}

QSize StatusBadgeDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    QFont font = option.font;
    font.setPointSizeF(font.pointSizeF() * 0.9);
    font.setBold(true);
    const QFontMetrics metrics(font);
    const QSize base = QStyledItemDelegate::sizeHint(option, index);
    return QSize(std::max(base.width(),
                          metrics.horizontalAdvance(badgeText(index)) + 2 * (PaddingX + Margin)),
                 std::max(base.height(), metrics.height() + 2 * (PaddingY + Margin)));
}

} // namespace spaces
