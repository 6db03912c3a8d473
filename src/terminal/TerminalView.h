#pragma once

#include "TerminalCell.h"

#include <QAbstractScrollArea>
#include <QElapsedTimer>
#include <QFont>
#include <QRegion>
#include <QTimer>
#include <optional>

namespace spaces {

class TerminalScreen;

// Draws a TerminalScreen and takes the user's keys and mouse: repaints only the cells the
// screen reports damaged, scrolls through the scrollback (wheel, Shift+PgUp/PgDn), selects
// with the mouse (a word on double click, a line on triple), copies with Ctrl+Shift+C,
// pastes with Ctrl+Shift+V or the middle button, zooms with Ctrl+= / Ctrl+- / Ctrl+0, and
// shows the bell as a short flash. Its size in cells goes to the screen (and, through
// sizeChanged, to whoever tells the program).
class TerminalView final : public QAbstractScrollArea
{
    Q_OBJECT

public:
    explicit TerminalView(TerminalScreen &screen, QWidget *parent = nullptr);

    // The font the user chose (TerminalFontSetting's; the system's fixed-width font by
    // default). Zoom is kept as steps from it, so a new font keeps the zoom the user set.
    void setTerminalFont(const QFont &font);
    QFont terminalFont() const { return m_baseFont; }
    // What is drawn with: the terminal font zoomed.
    QFont drawingFont() const { return m_font; }
    int zoomSteps() const { return m_zoomSteps; }
    void zoomIn();
    void zoomOut();
    void resetZoom();

    QSize cellSize() const { return m_cellSize; }
    // The selection as text ("" when nothing is selected).
    QString selectedText() const;
    void selectAll();
    void clearSelection();
    void copy();
    void pasteClipboard();
    // The first history line shown (scrollbackCount() when following the output).
    int topLine() const;
    bool isFollowingOutput() const;

    QSize sizeHint() const override;

Q_SIGNALS:
    // The size in cells changed: the program should be told (TIOCSWINSZ).
    void sizeChanged(int rows, int columns);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    bool focusNextPrevChild(bool next) override; // Tab belongs to the program
    void scrollContentsBy(int dx, int dy) override;

private:
    void onDamage(const QRect &cells);
    void onScrollbackChanged();
    void updateGeometry();
    void updateScrollBar();
    void paintLine(QPainter &painter, int line, int y) const;
    QColor foregroundOf(const TerminalCell &cell, bool selected) const;
    QColor backgroundOf(const TerminalCell &cell, bool selected) const;
    TerminalPosition positionAt(const QPoint &pixel) const;
    bool isSelected(int line, int column) const;
    void selectWordAt(TerminalPosition position);
    void selectLineAt(TerminalPosition position);
    void repaintLines(int firstLine, int lastLine);
    void scheduleRepaint(const QRect &area);
    void flushRepaint();
    bool handleViewKey(QKeyEvent *event);

    TerminalScreen &m_screen;
    void applyFont();

    QFont m_baseFont;
    QFont m_font; // m_baseFont zoomed, with the cell-exact letter spacing
    int m_zoomSteps = 0;
    QSize m_cellSize;
    int m_ascent = 0;
    std::optional<TerminalPosition> m_selectionAnchor;
    std::optional<TerminalPosition> m_selectionEnd;
    bool m_selecting = false;
    QElapsedTimer m_lastDoubleClick; // a click soon after a double click selects the line
    QRegion m_pendingRepaint;        // output's damage, drawn at most once a frame
    QTimer m_repaintTimer;
    QElapsedTimer m_lastRepaint;
    QTimer m_bellTimer;
    bool m_flashing = false;
    QTimer m_blinkTimer;
    bool m_blinkOn = true;
};

} // namespace spaces
