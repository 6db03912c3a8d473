#pragma once

#include "SpaceStatus.h"

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
    // A centred two-line empty state: a title and a muted sentence.
    static QString emptyStateHtml(const QWidget *widget, const QString &title,
                                  const QString &sentence);
};

} // namespace spaces
