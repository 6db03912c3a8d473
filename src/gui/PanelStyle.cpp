#include "PanelStyle.h"

#include <QColor>
#include <QLabel>
#include <QPalette>
#include <QSizePolicy>
#include <QWidget>

namespace spaces {

QString PanelStyle::mutedColour(const QWidget *widget)
{
    const QPalette palette = widget->palette();
    const QColor text = palette.color(QPalette::WindowText);
    const QColor window = palette.color(QPalette::Window);
    // 62 % text, 38 % background: about 5:1 on a light window and on a dark one.
    constexpr double share = 0.62;
    const auto mix = [](int a, int b) {
        return int(a * share + b * (1.0 - share));
    };
    return QColor(mix(text.red(), window.red()), mix(text.green(), window.green()),
                  mix(text.blue(), window.blue()))
        .name();
}

void PanelStyle::setMuted(QLabel *label)
{
    label->setStyleSheet(QStringLiteral("color: %1;").arg(mutedColour(label)));
}

void PanelStyle::setNotice(QLabel *label)
{
    label->setStyleSheet(QStringLiteral("QLabel { background: #fff3d6; color: #5c3c00;"
                                        " border: 1px solid #f0d9a0; border-radius: 4px;"
                                        " padding: 6px 10px; }"));
    label->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    label->setWordWrap(true);
}

QString PanelStyle::badgeStyle(SpaceStatus status)
{
    QString background;
    QString foreground;
    switch (status) {
    case SpaceStatus::Running:
        background = QStringLiteral("#dcf2e0");
        foreground = QStringLiteral("#1b6e2a");
        break;
    case SpaceStatus::Starting:
    case SpaceStatus::Stopping:
    case SpaceStatus::Pending:
        background = QStringLiteral("#fff0cc");
        foreground = QStringLiteral("#7a4f00");
        break;
    case SpaceStatus::Deleting:
        background = QStringLiteral("#fde0e0");
        foreground = QStringLiteral("#a12020");
        break;
    case SpaceStatus::Failed:
        background = QStringLiteral("#c62828");
        foreground = QStringLiteral("#ffffff");
        break;
    case SpaceStatus::Stopped:
        background = QStringLiteral("#e4e8eb");
        foreground = QStringLiteral("#3d4b55");
        break;
    }
    return QStringLiteral("QLabel { background: %1; color: %2; border-radius: 9px;"
                          " padding: 2px 10px; font-weight: 600; }")
        .arg(background, foreground);
}

QString PanelStyle::emptyStateHtml(const QWidget *widget, const QString &title,
                                   const QString &sentence)
{
    return QStringLiteral("<div align=\"center\"><p style=\"font-size:large; font-weight:600;\">"
                          "%1</p><p style=\"color:%2;\">%3</p></div>")
        .arg(title.toHtmlEscaped(), mutedColour(widget), sentence.toHtmlEscaped());
}

QString PanelStyle::outputStyleSheet(const QString &widgetClass)
{
    return QStringLiteral("%1 { background: %2; color: %3; border: 1px solid #15171b;"
                          " border-radius: 4px; selection-background-color: #3e4451; }")
        .arg(widgetClass, outputBackground().name(), outputText().name());
}

} // namespace spaces
