#include "AnsiText.h"

#include <array>
#include <vector>

namespace spaces {

namespace {

constexpr QChar Escape = u'\x1b';
constexpr int TabWidth = 8;
// A line longer than this (a binary blob) is cut: a bound on memory, far beyond any text.
constexpr int MaximumColumns = 1 << 20;

// Readable on the console's dark background: One Dark's hues for the 16 named colours.
constexpr std::array<QRgb, 16> NamedColours = {
    0xff3f4451, 0xffe06c75, 0xff98c379, 0xffe5c07b, 0xff61afef, 0xffc678dd, 0xff56b6c2, 0xffdcdfe4,
    0xff5c6370, 0xffff7b86, 0xffb5e890, 0xfff0d197, 0xff8cc8ff, 0xffdc9cf0, 0xff7fd3dd, 0xffffffff,
};

struct Cell
{
    QChar character;
    AnsiStyle style;
};

// The line being written: cells addressed by a cursor column, as a terminal's row.
class LineBuilder
{
public:
    void write(QChar character, const AnsiStyle &style)
    {
        if (m_column >= MaximumColumns)
            return;
        const Cell cell{character, style};
        if (m_column < int(m_cells.size()))
            m_cells[std::size_t(m_column)] = cell;
        else
            m_cells.push_back(cell);
        ++m_column;
    }
    void carriageReturn() { m_column = 0; }
    void backspace() { m_column = std::max(0, m_column - 1); }
    void tab(const AnsiStyle &style)
    {
        const int target = (m_column / TabWidth + 1) * TabWidth;
        while (m_column < target && m_column < MaximumColumns) {
            if (m_column < int(m_cells.size()))
                ++m_column; // a tab moves over what is there, as in a terminal
            else
                write(u' ', style);
        }
    }
    // CSI K: 0 to the end, 1 from the start, 2 the whole line.
    void erase(int mode, const AnsiStyle &style)
    {
        if (mode == 0) {
            if (m_column < int(m_cells.size()))
                m_cells.resize(std::size_t(m_column));
        } else if (mode == 1) {
            for (int i = 0; i < std::min(m_column + 1, int(m_cells.size())); ++i)
                m_cells[std::size_t(i)] = {u' ', style};
        } else if (mode == 2) {
            m_cells.clear();
        }
    }
    bool isEmpty() const { return m_cells.empty(); }
    AnsiLine take()
    {
        AnsiLine line;
        for (const Cell &cell : m_cells) {
            if (line.isEmpty() || !(line.last().style == cell.style))
                line.append({QString(), cell.style});
            line.last().text.append(cell.character);
        }
        m_cells.clear();
        m_column = 0;
        return line;
    }

private:
    std::vector<Cell> m_cells;
    int m_column = 0;
};

// The numbers of an SGR sequence: ';' separates parameters, ':' the parts of one (ITU T.416's
// "38:2:<colour space>:r:g:b"; "38;2;r;g;b" is the common form of the same).
using SgrParameters = QList<QList<int>>;

SgrParameters parameters(QStringView text)
{
    SgrParameters values{{}};
    int value = -1;
    for (const QChar c : text) {
        if (c.isDigit()) {
            value = std::min((value < 0 ? 0 : value) * 10 + c.digitValue(), 1 << 16);
        } else if (c == u':') {
            values.last().append(std::max(value, 0));
            value = -1;
        } else if (c == u';') {
            values.last().append(std::max(value, 0));
            values.append(QList<int>());
            value = -1;
        } else {
            return {}; // private sequences ("?25") are not SGR
        }
    }
    values.last().append(std::max(value, 0));
    return values;
}

QColor rgb(int r, int g, int b)
{
    return QColor(std::clamp(r, 0, 255), std::clamp(g, 0, 255), std::clamp(b, 0, 255));
}

// The colour of "38:5:n" / "38:2:[cs:]r:g:b", all in one parameter.
QColor colonColour(const QList<int> &parts)
{
    if (parts.size() >= 3 && parts.at(1) == 5)
        return AnsiText::paletteColour(std::clamp(parts.at(2), 0, 255));
    if (parts.size() >= 6 && parts.at(1) == 2)
        return rgb(parts.at(3), parts.at(4), parts.at(5));
    if (parts.size() == 5 && parts.at(1) == 2)
        return rgb(parts.at(2), parts.at(3), parts.at(4));
    return {};
}

// The colour of "38;5;n" / "38;2;r;g;b", whose parts follow `values[*i]` (the 38 or 48).
QColor semicolonColour(const SgrParameters &values, qsizetype *i)
{
    const auto next = [&values, i]() {
        return values.at(++*i).value(0);
    };
    if (*i + 1 >= values.size())
        return {};
    const int kind = next();
    if (kind == 5 && *i + 1 < values.size())
        return AnsiText::paletteColour(std::clamp(next(), 0, 255));
    if (kind == 2 && *i + 3 < values.size()) {
        const int r = next();
        const int g = next();
        const int b = next();
        return rgb(r, g, b);
    }
    return {};
}

void applySgr(const SgrParameters &values, AnsiStyle *style)
{
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QList<int> &parts = values.at(i);
        const int code = parts.value(0);
        switch (code) {
        case 0:
            *style = AnsiStyle();
            break;
        case 1:
            style->bold = true;
            break;
        case 2:
            style->dim = true;
            break;
        case 3:
            style->italic = true;
            break;
        case 4:
            style->underline = parts.value(1, 1) != 0; // 4:0 is "no underline"
            break;
        case 7:
            style->inverse = true;
            break;
        case 9:
            style->strike = true;
            break;
        case 21:
        case 22:
            style->bold = style->dim = false;
            break;
        case 23:
            style->italic = false;
            break;
        case 24:
            style->underline = false;
            break;
        case 27:
            style->inverse = false;
            break;
        case 29:
            style->strike = false;
            break;
        case 38:
            style->foreground = parts.size() > 1 ? colonColour(parts) : semicolonColour(values, &i);
            break;
        case 39:
            style->foreground = QColor();
            break;
        case 48:
            style->background = parts.size() > 1 ? colonColour(parts) : semicolonColour(values, &i);
            break;
        case 49:
            style->background = QColor();
            break;
        default:
            if (code >= 30 && code <= 37)
                style->foreground = AnsiText::paletteColour(code - 30);
            else if (code >= 40 && code <= 47)
                style->background = AnsiText::paletteColour(code - 40);
            else if (code >= 90 && code <= 97)
                style->foreground = AnsiText::paletteColour(code - 90 + 8);
            else if (code >= 100 && code <= 107)
                style->background = AnsiText::paletteColour(code - 100 + 8);
            break;
        }
    }
}

bool isControl(char16_t c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
}

// Where the string (OSC, DCS, APC...) that starts before `i` ends: after BEL or ST.
qsizetype skipString(QStringView text, qsizetype i)
{
    for (; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c == 0x07 || c == 0x9c)
            return i + 1;
        if (c == Escape && i + 1 < text.size() && text.at(i + 1) == u'\\')
            return i + 2;
    }
    return i;
}

} // namespace

QColor AnsiText::paletteColour(int index)
{
    if (index < 16)
        return QColor::fromRgb(NamedColours.at(std::size_t(std::max(index, 0))));
    if (index < 232) {
        const int cube = index - 16;
        const auto level = [](int step) {
            return step == 0 ? 0 : 55 + step * 40;
        };
        return QColor(level(cube / 36), level(cube / 6 % 6), level(cube % 6));
    }
    const int grey = 8 + (std::min(index, 255) - 232) * 10;
    return QColor(grey, grey, grey);
}

QTextCharFormat AnsiText::charFormat(const AnsiStyle &style, const QColor &text,
                                     const QColor &background)
{
    QColor foreground = style.foreground.isValid() ? style.foreground : text;
    QColor fill = style.background;
    if (style.inverse) {
        const QColor swapped = fill.isValid() ? fill : background;
        fill = foreground;
        foreground = swapped;
    }
    if (style.dim)
        foreground = QColor((foreground.red() + background.red()) / 2,
                            (foreground.green() + background.green()) / 2,
                            (foreground.blue() + background.blue()) / 2);
    QTextCharFormat format;
    format.setForeground(foreground);
    if (fill.isValid())
        format.setBackground(fill);
    format.setFontWeight(style.bold ? QFont::DemiBold : QFont::Normal);
    format.setFontItalic(style.italic);
    format.setFontUnderline(style.underline);
    format.setFontStrikeOut(style.strike);
    return format;
}

QList<AnsiLine> AnsiText::parse(QStringView text)
{
    AnsiStyle style;
    return parse(text, &style);
}

QList<AnsiLine> AnsiText::parse(QStringView text, AnsiStyle *carried)
{
    QList<AnsiLine> lines;
    LineBuilder line;
    AnsiStyle &style = *carried;
    qsizetype i = 0;
    while (i < text.size()) {
        const char16_t c = text.at(i).unicode();
        if (c == Escape || c == 0x9b || c == 0x9d || c == 0x90 || c == 0x9f || c == 0x9e ||
            c == 0x98) {
            // The introducer: ESC [ (or C1 CSI), ESC ] (OSC), ESC P / X / ^ / _ (strings).
            char16_t kind = c;
            qsizetype next = i + 1;
            if (c == Escape) {
                if (next >= text.size())
                    break; // an escape cut at the end of what has arrived
                kind = text.at(next).unicode();
                ++next;
            }
            if (kind == u'[' || kind == 0x9b) {
                const qsizetype start = next;
                while (next < text.size() && text.at(next).unicode() >= 0x20 &&
                       text.at(next).unicode() < 0x40)
                    ++next;
                if (next >= text.size())
                    break;
                const char16_t final = text.at(next).unicode();
                const QStringView body = text.sliced(start, next - start);
                if (final == u'm') {
                    applySgr(parameters(body), &style);
                } else if (final == u'K') {
                    const SgrParameters values = parameters(body);
                    line.erase(values.isEmpty() ? 0 : values.first().value(0), style);
                }
                i = next + 1;
            } else if (kind == u']' || kind == 0x9d || kind == u'P' || kind == 0x90 ||
                       kind == u'X' || kind == 0x98 || kind == u'^' || kind == 0x9e ||
                       kind == u'_' || kind == 0x9f) {
                i = skipString(text, next);
            } else {
                i = next; // a two-byte sequence (ESC 7, ESC =, ...): nothing to show
            }
            continue;
        }
        if (c == u'\n') {
            lines.append(line.take());
        } else if (c == u'\r') {
            if (i + 1 >= text.size() || text.at(i + 1) != u'\n')
                line.carriageReturn();
        } else if (c == u'\b') {
            line.backspace();
        } else if (c == u'\t') {
            line.tab(style);
        } else if (!isControl(c)) {
            line.write(text.at(i), style);
        }
        ++i;
    }
    if (!line.isEmpty())
        lines.append(line.take());
    return lines;
}

QString AnsiText::plainText(QStringView text)
{
    QString plain;
    const QList<AnsiLine> lines = parse(text);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            plain += u'\n';
        for (const AnsiRun &run : lines.at(i))
            plain += run.text;
    }
    return plain;
}

} // namespace spaces
