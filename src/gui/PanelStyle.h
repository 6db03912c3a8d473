#pragma once

#include "SpaceStatus.h"

#include <QColor>
#include <QString>

class QLabel;
class QWidget;

namespace spaces {

// The few looks the detail, port-forward and console panels share: muted text that still
// reads (WCAG AA contrast on the window colour), the warning strip that says why a panel is
// disabled, error text, and the status badge.
class PanelStyle final
{
public:
    // A colour between the window's text and background, dark enough to read.
    static QString mutedColour(const QWidget *widget);
    static void setMuted(QLabel *label);
    static void setNotice(QLabel *label); // the "start the space first" strip
    static QString errorColour() { return QStringLiteral("#c62828"); }
    static QString successColour() { return QStringLiteral("#1b6e2a"); }
    static QString badgeStyle(SpaceStatus status);
    // The dark, terminal-like look of program output (console, logs).
    static QColor outputText() { return QColor(0xdc, 0xdf, 0xe4); }
    static QColor outputBackground() { return QColor(0x1e, 0x21, 0x27); }
    static QColor outputMuted() { return QColor(0x8b, 0x92, 0x9e); }
    // A style sheet giving a text view of `widgetClass` (QTextBrowser...) that look.
    static QString outputStyleSheet(const QString &widgetClass);
    // A centred two-line empty state: a title and a muted sentence.
    static QString emptyStateHtml(const QWidget *widget, const QString &title,
                                  const QString &sentence);
};

} // namespace spaces
