#pragma once

#include <QColor>
#include <QList>
#include <QString>
#include <QStringView>
#include <QTextCharFormat>

namespace spaces {

// How a run of program output looks, as its SGR escape sequences left it. An invalid colour
// means the view's own (default) colour.
struct AnsiStyle
{
    QColor foreground;
    QColor background;
    bool bold = false;
    bool dim = false;
    bool italic = false;
    bool underline = false;
    bool inverse = false;
    bool strike = false;

    bool isPlain() const { return *this == AnsiStyle(); }
    bool operator==(const AnsiStyle &other) const = default;
};

struct AnsiRun
{
    QString text;
    AnsiStyle style;
};

using AnsiLine = QList<AnsiRun>;

// Output of commands as a terminal would show it line by line: SGR colours and attributes
// (16, 256 and 24-bit colours), carriage returns that redraw the line (progress bars),
// backspace, tabs to columns of 8, and "erase in line". Everything else a program may send
// (cursor movement, OSC titles and links, other controls) is dropped, never shown raw. A
// transcript is not a screen: for full-screen programs there is the terminal.
class AnsiText final
{
public:
    // The lines of `text`, each a list of runs of one style; a final line without a line
    // break is included when it has text. Styles carry over from line to line.
    static QList<AnsiLine> parse(QStringView text);
    // The same for text that continues earlier text: starts in `*style` and leaves there the
    // style in force at the end (output parsed piece by piece as it arrives, a piece ending
    // with a line break).
    static QList<AnsiLine> parse(QStringView text, AnsiStyle *style);
    // The same without the styles, lines joined with '\n' (what Copy puts on the clipboard).
    static QString plainText(QStringView text);
    // How a view draws `style` over its own `text` and `background` colours (inverse swaps
    // them; dim is drawn half way to the background, rich text having no opacity).
    static QTextCharFormat charFormat(const AnsiStyle &style, const QColor &text,
                                      const QColor &background);
    // The colour of palette entry 0-255 (xterm's indexes, tuned for a dark background).
    static QColor paletteColour(int index);
};

} // namespace spaces
