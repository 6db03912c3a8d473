#pragma once

#include <QColor>
#include <QList>
#include <QString>

namespace spaces {

// One character cell of the terminal as it should be drawn: the character with its combining
// marks, its colours (resolved to RGB, or "the default" for the view's own) and attributes.
struct TerminalCell
{
    QString text;  // empty: a blank cell
    int width = 1; // 2: the left half of a wide character; 0: its right half
    QColor foreground;
    QColor background;
    bool defaultForeground = true;
    bool defaultBackground = true;
    bool bold = false;
    bool italic = false;
    int underline = 0; // 0 none, 1 single, 2 double, 3 curly
    bool blink = false;
    bool inverse = false;
    bool strike = false;

    // Same colours and attributes: such cells can be drawn as one run of text.
    bool sameStyle(const TerminalCell &other) const
    {
        return foreground == other.foreground && background == other.background &&
               defaultForeground == other.defaultForeground &&
               defaultBackground == other.defaultBackground && bold == other.bold &&
               italic == other.italic && underline == other.underline && blink == other.blink &&
               inverse == other.inverse && strike == other.strike;
    }
};

using TerminalLine = QList<TerminalCell>;

// A position in the whole history: `line` counts from the oldest line of the scrollback (the
// screen's first row is line scrollbackCount()).
struct TerminalPosition
{
    int line = 0;
    int column = 0;

    friend bool operator==(const TerminalPosition &, const TerminalPosition &) = default;
    friend auto operator<=>(const TerminalPosition &, const TerminalPosition &) = default;
};

} // namespace spaces
