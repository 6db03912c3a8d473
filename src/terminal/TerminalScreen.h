#pragma once

#include "TerminalCell.h"

#include <QByteArray>
#include <QObject>
#include <QPoint>
#include <QRect>
#include <deque>
#include <memory>

struct VTerm;
struct VTermScreen;

namespace spaces {

struct TerminalInput;

// The screen of a terminal: libvterm parses what the program writes (feed) and keeps the
// cells; this class adds the scrollback, turns cells into TerminalCell, and reports what
// changed as signals the view repaints from. What the user types goes through here too, so
// that libvterm encodes it the way the program asked for (cursor key mode, bracketed paste);
// the bytes for the program come out of output().
class TerminalScreen final : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultScrollback = 10000;

    enum class CursorShape
    {
        Block,
        Underline,
        Bar
    };
    Q_ENUM(CursorShape)

    TerminalScreen(int rows, int columns, QObject *parent = nullptr);
    ~TerminalScreen() override;

    // Bytes the program wrote: parsed at once, damage reported before this returns.
    void feed(const QByteArray &bytes);
    void resize(int rows, int columns);
    int rows() const { return m_rows; }
    int columns() const { return m_columns; }

    // A key or text the user typed, encoded for the program (see output()).
    void send(const TerminalInput &input);
    void sendText(const QString &text);
    // Pasted text, marked as such when the program asked for bracketed paste.
    void paste(const QString &text);

    // Lines that scrolled off the top, oldest first, at most scrollbackLimit().
    int scrollbackCount() const { return int(m_scrollback.size()); }
    int scrollbackLimit() const { return m_scrollbackLimit; }
    void setScrollbackLimit(int lines);
    // Every line there is: the scrollback, then the screen.
    int lineCount() const { return scrollbackCount() + m_rows; }
    // A cell of the screen (row 0..rows-1) or of the whole history.
    TerminalCell cell(int row, int column) const;
    TerminalCell historyCell(int line, int column) const;
    // The text of a history line, trailing blanks dropped; and of a range between two
    // positions (end exclusive), lines joined with '\n'.
    QString lineText(int line) const;
    QString text(TerminalPosition from, TerminalPosition to) const;

    QPoint cursor() const { return m_cursor; } // x: column, y: row of the screen
    bool cursorVisible() const { return m_cursorVisible; }
    bool cursorBlinks() const { return m_cursorBlinks; }
    CursorShape cursorShape() const { return m_cursorShape; }
    bool altScreen() const { return m_altScreen; }
    QString title() const { return m_title; }

Q_SIGNALS:
    // Cells of the screen to repaint (screen coordinates: x column, y row).
    void damaged(const QRect &cells);
    // Lines were added to (or taken back from) the scrollback.
    void scrollbackChanged();
    void cursorChanged();
    void titleChanged(const QString &title);
    void bell();
    void altScreenChanged(bool on);
    // Bytes for the program: keys, pastes and the terminal's answers to its queries.
    void output(const QByteArray &bytes);

private:
    struct Callbacks;
    struct StoredLine;

    void noteDamage(const QRect &cells);
    void flushDamage();

    struct VTermDeleter
    {
        void operator()(VTerm *vterm) const;
    };

    std::unique_ptr<VTerm, VTermDeleter> m_vterm;
    VTermScreen *m_screen = nullptr; // owned by the VTerm
    int m_rows = 0;
    int m_columns = 0;
    std::deque<std::shared_ptr<StoredLine>> m_scrollback;
    int m_scrollbackLimit = DefaultScrollback;
    QRect m_pendingDamage;
    bool m_scrollbackMoved = false;
    QPoint m_cursor;
    bool m_cursorVisible = true;
    bool m_cursorBlinks = true;
    CursorShape m_cursorShape = CursorShape::Block;
    bool m_altScreen = false;
    QString m_title;
};

} // namespace spaces
