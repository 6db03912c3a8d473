#pragma once

// Every control a user can reach with the keyboard has a name a screen reader can say: its
// accessibleName, its text, or the label it is the buddy of.
#include <QAccessible>
#include <QStringList>
#include <QWidget>

namespace spaces::test {

// The objectNames of focusable controls under root that have no accessible name.
inline QStringList unnamedControls(QWidget *root)
{
    QStringList unnamed;
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        const QString name = widget->objectName();
        if (widget->focusPolicy() == Qt::NoFocus || name.isEmpty() ||
            name.startsWith(QLatin1StringView("qt_")))
            continue;
        QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
        if (!accessible || accessible->text(QAccessible::Name).trimmed().isEmpty())
            unnamed.append(name);
    }
    return unnamed;
}

} // namespace spaces::test
