#include "TerminalScreen.h"

#include "TerminalKeys.h"

#include <algorithm>
#include <vector>
#include <vterm.h>

namespace spaces {

namespace {

bool isBlank(const VTermScreenCell &cell)
{
    return cell.chars[0] == 0 && VTERM_COLOR_IS_DEFAULT_BG(&cell.bg) && !cell.attrs.reverse;
}

QColor rgb(const VTermScreen *screen, VTermColor colour)
{
    vterm_screen_convert_color_to_rgb(screen, &colour);
    return QColor(colour.rgb.red, colour.rgb.green, colour.rgb.blue);
}

TerminalCell toCell(const VTermScreen *screen, const VTermScreenCell &raw)
{
    TerminalCell cell;
    // The right half of a wide character holds (uint32_t)-1.
    if (raw.chars[0] == std::uint32_t(-1)) {
        cell.width = 0;
    } else {
        for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && raw.chars[i] != 0; ++i) {
            const char32_t codePoint = raw.chars[i];
            cell.text += QString::fromUcs4(&codePoint, 1);
        }
        cell.width = std::max(1, int(raw.width));
    }
    cell.defaultForeground = VTERM_COLOR_IS_DEFAULT_FG(&raw.fg);
    cell.defaultBackground = VTERM_COLOR_IS_DEFAULT_BG(&raw.bg);
    cell.foreground = rgb(screen, raw.fg);
    cell.background = rgb(screen, raw.bg);
    cell.bold = raw.attrs.bold;
    cell.italic = raw.attrs.italic;
    cell.underline = int(raw.attrs.underline);
    cell.blink = raw.attrs.blink;
    cell.inverse = raw.attrs.reverse;
    cell.strike = raw.attrs.strike;
    return cell;
}

VTermModifier modifiersOf(int bits)
{
    return VTermModifier(bits & VTERM_ALL_MODS_MASK);
}

} // namespace

// A line that scrolled off the top, as libvterm gave it (so that a resize can give it back),
// without its trailing blank cells.
struct TerminalScreen::StoredLine
{
    std::vector<VTermScreenCell> cells;
};

// libvterm's C callbacks, each handing on to the screen.
struct TerminalScreen::Callbacks
{
    static TerminalScreen *self(void *user) { return static_cast<TerminalScreen *>(user); }

    static int damage(VTermRect rect, void *user)
    {
        self(user)->noteDamage(QRect(rect.start_col, rect.start_row, rect.end_col - rect.start_col,
                                     rect.end_row - rect.start_row));
        return 1;
    }
    static int moveRect(VTermRect dest, VTermRect src, void *user)
    {
        const QRect to(dest.start_col, dest.start_row, dest.end_col - dest.start_col,
                       dest.end_row - dest.start_row);
        const QRect from(src.start_col, src.start_row, src.end_col - src.start_col,
                         src.end_row - src.start_row);
        self(user)->noteDamage(to.united(from));
        return 1;
    }
    static int moveCursor(VTermPos pos, VTermPos oldPos, int visible, void *user)
    {
        TerminalScreen *screen = self(user);
        screen->m_cursor = QPoint(pos.col, pos.row);
        screen->m_cursorVisible = visible;
        // Both cells: the cursor is drawn over the cell it is on.
        screen->noteDamage(QRect(oldPos.col, oldPos.row, 1, 1));
        screen->noteDamage(QRect(pos.col, pos.row, 1, 1));
        Q_EMIT screen->cursorChanged();
        return 1;
    }
    static int setTermProp(VTermProp prop, VTermValue *value, void *user)
    {
        TerminalScreen *screen = self(user);
        switch (prop) {
        case VTERM_PROP_CURSORVISIBLE:
            screen->m_cursorVisible = value->boolean;
            Q_EMIT screen->cursorChanged();
            break;
        case VTERM_PROP_CURSORBLINK:
            screen->m_cursorBlinks = value->boolean;
            Q_EMIT screen->cursorChanged();
            break;
        case VTERM_PROP_CURSORSHAPE:
            screen->m_cursorShape =
                value->number == VTERM_PROP_CURSORSHAPE_UNDERLINE  ? CursorShape::Underline
                : value->number == VTERM_PROP_CURSORSHAPE_BAR_LEFT ? CursorShape::Bar
                                                                   : CursorShape::Block;
            Q_EMIT screen->cursorChanged();
            break;
        case VTERM_PROP_ALTSCREEN:
            screen->m_altScreen = value->boolean;
            Q_EMIT screen->altScreenChanged(screen->m_altScreen);
            break;
        case VTERM_PROP_TITLE:
            screen->m_title = QString::fromUtf8(value->string ? value->string : "");
            Q_EMIT screen->titleChanged(screen->m_title);
            break;
        default:
            break;
        }
        return 1;
    }
    static int bell(void *user)
    {
        Q_EMIT self(user)->bell();
        return 1;
    }
    static int pushLine(int columns, const VTermScreenCell *cells, void *user)
    {
        TerminalScreen *screen = self(user);
        if (screen->m_scrollbackLimit <= 0)
            return 1;
        auto line = std::make_shared<StoredLine>();
        int used = columns;
        while (used > 0 && isBlank(cells[used - 1]))
            --used;
        line->cells.assign(cells, cells + used);
        screen->m_scrollback.push_back(std::move(line));
        while (int(screen->m_scrollback.size()) > screen->m_scrollbackLimit)
            screen->m_scrollback.pop_front();
        screen->m_scrollbackMoved = true;
        return 1;
    }
    static int popLine(int columns, VTermScreenCell *cells, void *user)
    {
        TerminalScreen *screen = self(user);
        if (screen->m_scrollback.empty())
            return 0;
        const std::shared_ptr<StoredLine> line = screen->m_scrollback.back();
        screen->m_scrollback.pop_back();
        VTermScreenCell blank{};
        blank.width = 1;
        vterm_color_indexed(&blank.fg, 7);
        blank.fg.type |= VTERM_COLOR_DEFAULT_FG;
        vterm_color_indexed(&blank.bg, 0);
        blank.bg.type |= VTERM_COLOR_DEFAULT_BG;
        for (int column = 0; column < columns; ++column)
            cells[column] = column < int(line->cells.size()) ? line->cells[size_t(column)] : blank;
        screen->m_scrollbackMoved = true;
        return 1;
    }

    static const VTermScreenCallbacks table;
};

const VTermScreenCallbacks TerminalScreen::Callbacks::table = {
    &Callbacks::damage,      &Callbacks::moveRect, &Callbacks::moveCursor,
    &Callbacks::setTermProp, &Callbacks::bell,     nullptr,
    &Callbacks::pushLine,    &Callbacks::popLine,
};

void TerminalScreen::VTermDeleter::operator()(VTerm *vterm) const
{
    vterm_free(vterm);
}

TerminalScreen::TerminalScreen(int rows, int columns, QObject *parent)
    : QObject(parent)
    , m_vterm(vterm_new(std::max(1, rows), std::max(1, columns)))
    , m_rows(std::max(1, rows))
    , m_columns(std::max(1, columns))
{
    VTerm *vterm = m_vterm.get();
    vterm_set_utf8(vterm, 1);
    vterm_output_set_callback(
        vterm,
        [](const char *bytes, size_t length, void *user) {
            Q_EMIT static_cast<TerminalScreen *>(user)->output(
                QByteArray(bytes, qsizetype(length)));
        },
        this);
    m_screen = vterm_obtain_screen(vterm);
    vterm_screen_set_callbacks(m_screen, &Callbacks::table, this);
    // Whole scrolled regions are reported as one damage, not cell by cell.
    vterm_screen_set_damage_merge(m_screen, VTERM_DAMAGE_SCROLL);
    vterm_screen_enable_altscreen(m_screen, 1);
    vterm_screen_reset(m_screen, 1);
}

TerminalScreen::~TerminalScreen() = default;

void TerminalScreen::feed(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    vterm_input_write(m_vterm.get(), bytes.constData(), size_t(bytes.size()));
    flushDamage();
}

void TerminalScreen::resize(int rows, int columns)
{
    rows = std::max(1, rows);
    columns = std::max(1, columns);
    if (rows == m_rows && columns == m_columns)
        return;
    m_rows = rows;
    m_columns = columns;
    vterm_set_size(m_vterm.get(), rows, columns);
    noteDamage(QRect(0, 0, columns, rows));
    flushDamage();
}

void TerminalScreen::send(const TerminalInput &input)
{
    if (input.kind == TerminalInput::Kind::Key)
        vterm_keyboard_key(m_vterm.get(), VTermKey(input.key), modifiersOf(input.modifiers));
    else
        vterm_keyboard_unichar(m_vterm.get(), input.character, modifiersOf(input.modifiers));
}

void TerminalScreen::sendText(const QString &text)
{
    for (const uint codePoint : text.toUcs4()) {
        // A newline typed or pasted is Enter to a terminal.
        if (codePoint == '\n')
            vterm_keyboard_key(m_vterm.get(), VTERM_KEY_ENTER, VTERM_MOD_NONE);
        else
            vterm_keyboard_unichar(m_vterm.get(), codePoint, VTERM_MOD_NONE);
    }
}

void TerminalScreen::paste(const QString &text)
{
    QString normalized = text;
    normalized.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    // libvterm writes the bracketed paste markers only when the program turned the mode on.
    vterm_keyboard_start_paste(m_vterm.get());
    sendText(normalized);
    vterm_keyboard_end_paste(m_vterm.get());
}

void TerminalScreen::setScrollbackLimit(int lines)
{
    m_scrollbackLimit = std::max(0, lines);
    bool dropped = false;
    while (int(m_scrollback.size()) > m_scrollbackLimit) {
        m_scrollback.pop_front();
        dropped = true;
    }
    if (dropped)
        Q_EMIT scrollbackChanged();
}

TerminalCell TerminalScreen::cell(int row, int column) const
{
    VTermScreenCell raw{};
    if (row < 0 || row >= m_rows || column < 0 || column >= m_columns ||
        !vterm_screen_get_cell(m_screen, VTermPos{row, column}, &raw))
        return {};
    return toCell(m_screen, raw);
}

TerminalCell TerminalScreen::historyCell(int line, int column) const
{
    if (line >= scrollbackCount())
        return cell(line - scrollbackCount(), column);
    if (line < 0 || column < 0)
        return {};
    const StoredLine &stored = *m_scrollback[size_t(line)];
    if (column >= int(stored.cells.size()))
        return {};
    return toCell(m_screen, stored.cells[size_t(column)]);
}

QString TerminalScreen::lineText(int line) const
{
    const int width = line >= scrollbackCount()
                          ? m_columns
                          : int(line >= 0 ? m_scrollback[size_t(line)]->cells.size() : 0);
    return text({line, 0}, {line, width});
}

QString TerminalScreen::text(TerminalPosition from, TerminalPosition to) const
{
    if (to < from)
        std::swap(from, to);
    QString result;
    for (int line = std::max(0, from.line); line <= to.line && line < lineCount(); ++line) {
        const int first = line == from.line ? from.column : 0;
        const int last = line == to.line ? to.column : m_columns;
        QString text;
        for (int column = std::max(0, first); column < last; ++column) {
            const TerminalCell cell = historyCell(line, column);
            if (cell.width == 0)
                continue; // the right half of a wide character
            text += cell.text.isEmpty() ? QStringLiteral(" ") : cell.text;
        }
        // Blanks at the end of a line are padding, not text.
        while (text.endsWith(u' '))
            text.chop(1);
        if (line != std::max(0, from.line))
            result += u'\n';
        result += text;
    }
    return result;
}

void TerminalScreen::noteDamage(const QRect &cells)
{
    m_pendingDamage = m_pendingDamage.united(cells);
}

void TerminalScreen::flushDamage()
{
    vterm_screen_flush_damage(m_screen);
    if (std::exchange(m_scrollbackMoved, false))
        Q_EMIT scrollbackChanged();
    const QRect damage = m_pendingDamage.intersected(QRect(0, 0, m_columns, m_rows));
    m_pendingDamage = QRect();
    if (!damage.isEmpty())
        Q_EMIT damaged(damage);
}

} // namespace spaces
