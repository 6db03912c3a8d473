#include "TerminalView.h"

#include "TerminalFontSetting.h"
#include "TerminalKeys.h"
#include "TerminalScreen.h"

#include <QApplication>
#include <QClipboard>
#include <QFontMetricsF>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <algorithm>
#include <cmath>

namespace spaces {

namespace {

// Blank space between the text and the widget's edges, in the terminal's background, as
// desktop terminals leave it: text flush with a frame reads cramped.
constexpr int TextMargin = 4;
constexpr int BellFlashMs = 120;
constexpr int CursorBlinkMs = 600;
constexpr qint64 RepaintFrameMs = 16;
constexpr qreal ZoomStep = 1.0;
constexpr qreal SmallestPointSize = 5.0;

bool isWordCharacter(const QString &text)
{
    if (text.isEmpty())
        return false;
    const QChar c = text.at(0);
    return c.isLetterOrNumber() || QStringLiteral("_-./~:@%+=").contains(c);
}

} // namespace

TerminalView::TerminalView(TerminalScreen &screen, QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_screen(screen)
{
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_InputMethodEnabled);
    viewport()->setCursor(Qt::IBeamCursor);
    viewport()->setAutoFillBackground(false);
    setViewportMargins(TextMargin, TextMargin, TextMargin, TextMargin);
    // The margins are the scroll area's own: painted in the terminal's background.
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setAccessibleName(tr("Terminal"));

    m_bellTimer.setSingleShot(true);
    m_bellTimer.setInterval(BellFlashMs);
    connect(&m_bellTimer, &QTimer::timeout, this, [this] {
        m_flashing = false;
        viewport()->update();
    });
    m_repaintTimer.setSingleShot(true);
    connect(&m_repaintTimer, &QTimer::timeout, this, &TerminalView::flushRepaint);
    m_blinkTimer.setInterval(CursorBlinkMs);
    connect(&m_blinkTimer, &QTimer::timeout, this, [this] {
        m_blinkOn = !m_blinkOn;
        const QPoint cursor = m_screen.cursor();
        onDamage(QRect(cursor, QSize(1, 1)));
    });

    connect(&m_screen, &TerminalScreen::damaged, this, &TerminalView::onDamage);
    connect(&m_screen, &TerminalScreen::scrollbackChanged, this,
            &TerminalView::onScrollbackChanged);
    connect(&m_screen, &TerminalScreen::cursorChanged, this, [this] {
        m_blinkOn = true;
        if (hasFocus() && m_screen.cursorBlinks())
            m_blinkTimer.start();
        else
            m_blinkTimer.stop();
    });
    connect(&m_screen, &TerminalScreen::bell, this, [this] {
        m_flashing = true;
        m_bellTimer.start();
        viewport()->update();
    });
    connect(&m_screen, &TerminalScreen::altScreenChanged, this, [this] {
        clearSelection();
        updateScrollBar();
        viewport()->update();
    });

    setTerminalFont(TerminalFontSetting::systemFont());
}

void TerminalView::setTerminalFont(const QFont &font)
{
    m_baseFont = font;
    applyFont();
}

void TerminalView::applyFont()
{
    m_font = m_baseFont;
    // Zoom out stops at the smallest readable size; the steps do not pile up below it.
    const qreal base = m_baseFont.pointSizeF();
    const qreal zoomed = base + m_zoomSteps * ZoomStep;
    if (zoomed < SmallestPointSize)
        m_zoomSteps = int(std::ceil((SmallestPointSize - base) / ZoomStep));
    m_font.setPointSizeF(std::max(SmallestPointSize, base + m_zoomSteps * ZoomStep));
    m_font.setKerning(false);
    m_font.setLetterSpacing(QFont::AbsoluteSpacing, 0);
    const QFontMetrics metrics(m_font);
    m_cellSize = QSize(std::max(1, metrics.horizontalAdvance(QLatin1Char('M'))),
                       std::max(1, metrics.lineSpacing()));
    m_ascent = metrics.ascent();
    // Every glyph advances exactly one cell (the font's advance may be fractional): a run of
    // narrow characters is then drawn as one text item and still lands on its columns.
    const qreal advance = QFontMetricsF(m_font).horizontalAdvance(QLatin1Char('M'));
    m_font.setLetterSpacing(QFont::AbsoluteSpacing, m_cellSize.width() - advance);
    updateGeometry();
    viewport()->update();
}

void TerminalView::zoomIn()
{
    ++m_zoomSteps;
    applyFont();
}

void TerminalView::zoomOut()
{
    --m_zoomSteps;
    applyFont();
}

void TerminalView::resetZoom()
{
    m_zoomSteps = 0;
    applyFont();
}

QSize TerminalView::sizeHint() const
{
    return QSize(80 * m_cellSize.width(), 24 * m_cellSize.height()) +
           QSize(verticalScrollBar()->sizeHint().width() + 2 * frameWidth() + 2 * TextMargin,
                 2 * frameWidth() + 2 * TextMargin);
}

int TerminalView::topLine() const
{
    return m_screen.altScreen() ? m_screen.scrollbackCount() : verticalScrollBar()->value();
}

bool TerminalView::isFollowingOutput() const
{
    return topLine() >= m_screen.scrollbackCount();
}

// ---- what the screen tells -----------------------------------------------------------------

void TerminalView::onDamage(const QRect &cells)
{
    // Screen row r is history line scrollbackCount() + r.
    const int firstLine = m_screen.scrollbackCount() + cells.top();
    repaintLines(firstLine, firstLine + cells.height() - 1);
    Q_UNUSED(cells.left()); // whole lines: runs of text span the damage's neighbours
}

void TerminalView::repaintLines(int firstLine, int lastLine)
{
    const int top = topLine();
    const int visible = viewport()->height() / m_cellSize.height() + 1;
    const int from = std::max(firstLine, top);
    const int to = std::min(lastLine, top + visible);
    if (from > to)
        return;
    scheduleRepaint(QRect(0, (from - top) * m_cellSize.height(), viewport()->width(),
                          (to - from + 1) * m_cellSize.height()));
}

void TerminalView::onScrollbackChanged()
{
    const bool following = verticalScrollBar()->value() >= verticalScrollBar()->maximum();
    updateScrollBar();
    if (following)
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    scheduleRepaint(viewport()->rect());
}

void TerminalView::scheduleRepaint(const QRect &area)
{
    m_pendingRepaint |= area;
    if (m_repaintTimer.isActive())
        return;
    // Output repaints at most once a frame: a flood then costs one paint per frame rather than
    // one per event-loop turn, and a lone echo is still drawn at once.
    const qint64 sinceLast = m_lastRepaint.isValid() ? m_lastRepaint.elapsed() : RepaintFrameMs;
    if (sinceLast >= RepaintFrameMs)
        flushRepaint();
    else
        m_repaintTimer.start(int(RepaintFrameMs - sinceLast));
}

void TerminalView::flushRepaint()
{
    m_lastRepaint.start();
    viewport()->update(m_pendingRepaint);
    m_pendingRepaint = QRegion();
}

void TerminalView::updateScrollBar()
{
    QScrollBar *bar = verticalScrollBar();
    const int scrollback = m_screen.altScreen() ? 0 : m_screen.scrollbackCount();
    const QSignalBlocker blocker(bar);
    bar->setRange(0, scrollback);
    bar->setPageStep(m_screen.rows());
    bar->setSingleStep(1);
    if (m_screen.altScreen())
        bar->setValue(0);
}

void TerminalView::updateGeometry()
{
    const QSize area = viewport()->size();
    const int columns = std::max(2, area.width() / m_cellSize.width());
    const int rows = std::max(1, area.height() / m_cellSize.height());
    if (rows != m_screen.rows() || columns != m_screen.columns()) {
        const bool following = isFollowingOutput();
        m_screen.resize(rows, columns);
        updateScrollBar();
        if (following)
            verticalScrollBar()->setValue(verticalScrollBar()->maximum());
        Q_EMIT sizeChanged(rows, columns);
    }
}

void TerminalView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateGeometry();
}

void TerminalView::scrollContentsBy(int, int)
{
    viewport()->update();
}

// ---- painting ------------------------------------------------------------------------------

QColor TerminalView::foregroundOf(const TerminalCell &cell, bool selected) const
{
    const QPalette &colours = palette();
    QColor foreground = cell.defaultForeground ? colours.color(QPalette::Text) : cell.foreground;
    QColor background = cell.defaultBackground ? colours.color(QPalette::Base) : cell.background;
    if (cell.inverse)
        std::swap(foreground, background);
    if (selected)
        return colours.color(QPalette::HighlightedText);
    return foreground;
}

QColor TerminalView::backgroundOf(const TerminalCell &cell, bool selected) const
{
    const QPalette &colours = palette();
    if (selected)
        return colours.color(QPalette::Highlight);
    QColor foreground = cell.defaultForeground ? colours.color(QPalette::Text) : cell.foreground;
    QColor background = cell.defaultBackground ? colours.color(QPalette::Base) : cell.background;
    return cell.inverse ? foreground : background;
}

void TerminalView::paintEvent(QPaintEvent *event)
{
    QPainter painter(viewport());
    const QRect area = event->rect();
    painter.fillRect(area, palette().color(QPalette::Base));
    painter.setFont(m_font);
    const int top = topLine();
    const int firstRow = area.top() / m_cellSize.height();
    const int lastRow = area.bottom() / m_cellSize.height();
    for (int row = firstRow; row <= lastRow; ++row) {
        const int line = top + row;
        if (line >= m_screen.lineCount())
            break;
        paintLine(painter, line, row * m_cellSize.height());
    }

    // The cursor, where the program put it, when the screen's last rows are in view.
    const QPoint cursor = m_screen.cursor();
    const int cursorLine = m_screen.scrollbackCount() + cursor.y();
    if (m_screen.cursorVisible() && cursorLine >= top && (m_blinkOn || !hasFocus())) {
        const QRect cell(cursor.x() * m_cellSize.width(), (cursorLine - top) * m_cellSize.height(),
                         m_cellSize.width(), m_cellSize.height());
        const QColor colour = palette().color(QPalette::Text);
        if (!hasFocus()) {
            painter.setPen(colour);
            painter.drawRect(cell.adjusted(0, 0, -1, -1));
        } else {
            switch (m_screen.cursorShape()) {
            case TerminalScreen::CursorShape::Block: {
                painter.fillRect(cell, colour);
                const TerminalCell under = m_screen.cell(cursor.y(), cursor.x());
                painter.setPen(palette().color(QPalette::Base));
                painter.drawText(QPoint(cell.left(), cell.top() + m_ascent), under.text);
                break;
            }
            case TerminalScreen::CursorShape::Underline:
                painter.fillRect(QRect(cell.left(), cell.bottom() - 1, cell.width(), 2), colour);
                break;
            case TerminalScreen::CursorShape::Bar:
                painter.fillRect(QRect(cell.left(), cell.top(), 2, cell.height()), colour);
                break;
            }
        }
    }
    if (m_flashing) {
        QColor flash = palette().color(QPalette::Text);
        flash.setAlpha(60);
        painter.fillRect(viewport()->rect(), flash);
    }
}

void TerminalView::paintLine(QPainter &painter, int line, int y) const
{
    const int columns = m_screen.columns();
    const int height = m_cellSize.height();
    int column = 0;
    while (column < columns) {
        // A run: cells of one style, drawn with one drawText (ligature-free, monospaced).
        const TerminalCell first = m_screen.historyCell(line, column);
        const bool selected = isSelected(line, column);
        int end = column;
        QString text;
        bool narrowOnly = true; // one UTF-16 unit per cell: the run is one text item
        while (end < columns) {
            const TerminalCell cell = end == column ? first : m_screen.historyCell(line, end);
            if (end != column && (!cell.sameStyle(first) || isSelected(line, end) != selected))
                break;
            if (cell.width != 0)
                text += cell.text.isEmpty() ? QStringLiteral(" ") : cell.text;
            narrowOnly = narrowOnly && cell.width == 1 && cell.text.size() <= 1;
            ++end;
        }
        const QRect cells(column * m_cellSize.width(), y, (end - column) * m_cellSize.width(),
                          height);
        const QColor background = backgroundOf(first, selected);
        if (background != palette().color(QPalette::Base))
            painter.fillRect(cells, background);
        if (!text.trimmed().isEmpty()) {
            QFont font = m_font;
            font.setBold(first.bold);
            font.setItalic(first.italic);
            font.setUnderline(first.underline != 0);
            font.setStrikeOut(first.strike);
            painter.setFont(font);
            painter.setPen(foregroundOf(first, selected));
            if (narrowOnly) {
                painter.drawText(QPoint(cells.left(), y + m_ascent), text);
                column = end;
                continue;
            }
            // Cell by cell where characters are wide or combined, so columns stay aligned.
            int x = cells.left();
            for (int c = column; c < end; ++c) {
                const TerminalCell cell = m_screen.historyCell(line, c);
                if (cell.width != 0 && !cell.text.isEmpty())
                    painter.drawText(QPoint(x, y + m_ascent), cell.text);
                x += m_cellSize.width();
            }
        }
        column = end;
    }
}

// ---- selection -----------------------------------------------------------------------------

TerminalPosition TerminalView::positionAt(const QPoint &pixel) const
{
    const int row = std::clamp(pixel.y() / m_cellSize.height(), 0, m_screen.rows() - 1);
    const int column = std::clamp((pixel.x() + m_cellSize.width() / 2) / m_cellSize.width(), 0,
                                  m_screen.columns());
    return {std::min(topLine() + row, m_screen.lineCount() - 1), column};
}

bool TerminalView::isSelected(int line, int column) const
{
    if (!m_selectionAnchor || !m_selectionEnd || *m_selectionAnchor == *m_selectionEnd)
        return false;
    const TerminalPosition from = std::min(*m_selectionAnchor, *m_selectionEnd);
    const TerminalPosition to = std::max(*m_selectionAnchor, *m_selectionEnd);
    const TerminalPosition here{line, column};
    return from <= here && here < to;
}

QString TerminalView::selectedText() const
{
    if (!m_selectionAnchor || !m_selectionEnd)
        return {};
    return m_screen.text(*m_selectionAnchor, *m_selectionEnd);
}

void TerminalView::selectAll()
{
    m_selectionAnchor = TerminalPosition{0, 0};
    m_selectionEnd = TerminalPosition{m_screen.lineCount() - 1, m_screen.columns()};
    viewport()->update();
}

void TerminalView::clearSelection()
{
    if (!m_selectionAnchor)
        return;
    m_selectionAnchor.reset();
    m_selectionEnd.reset();
    viewport()->update();
}

void TerminalView::selectWordAt(TerminalPosition position)
{
    int start = std::min(position.column, m_screen.columns() - 1);
    if (!isWordCharacter(m_screen.historyCell(position.line, start).text))
        return;
    int end = start;
    while (start > 0 && isWordCharacter(m_screen.historyCell(position.line, start - 1).text))
        --start;
    while (end < m_screen.columns() &&
           isWordCharacter(m_screen.historyCell(position.line, end).text))
        ++end;
    m_selectionAnchor = TerminalPosition{position.line, start};
    m_selectionEnd = TerminalPosition{position.line, end};
    viewport()->update();
}

void TerminalView::selectLineAt(TerminalPosition position)
{
    m_selectionAnchor = TerminalPosition{position.line, 0};
    m_selectionEnd = TerminalPosition{position.line, m_screen.columns()};
    viewport()->update();
}

void TerminalView::copy()
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void TerminalView::pasteClipboard()
{
    const QString text = QApplication::clipboard()->text();
    if (!text.isEmpty())
        m_screen.paste(text);
}

void TerminalView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::MiddleButton) {
        const QClipboard *clipboard = QApplication::clipboard();
        const QString text = clipboard->supportsSelection() ? clipboard->text(QClipboard::Selection)
                                                            : clipboard->text();
        if (!text.isEmpty())
            m_screen.paste(text);
        return;
    }
    if (event->button() != Qt::LeftButton)
        return;
    const TerminalPosition position = positionAt(event->position().toPoint());
    if (m_lastDoubleClick.isValid() &&
        m_lastDoubleClick.elapsed() < QApplication::doubleClickInterval()) {
        m_lastDoubleClick.invalidate();
        selectLineAt(position);
        return;
    }
    m_selectionAnchor = position;
    m_selectionEnd = position;
    m_selecting = true;
    viewport()->update();
}

void TerminalView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_selecting)
        return;
    m_selectionEnd = positionAt(event->position().toPoint());
    viewport()->update();
}

void TerminalView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_selecting)
        return;
    m_selecting = false;
    // As X11 terminals do: what is selected is ready for a middle-click paste.
    QClipboard *clipboard = QApplication::clipboard();
    if (clipboard->supportsSelection() && !selectedText().isEmpty())
        clipboard->setText(selectedText(), QClipboard::Selection);
}

void TerminalView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_selecting = false;
    m_lastDoubleClick.start();
    selectWordAt(positionAt(event->position().toPoint() - QPoint(m_cellSize.width() / 2, 0)));
}

void TerminalView::wheelEvent(QWheelEvent *event)
{
    if (m_screen.altScreen()) {
        event->ignore();
        return;
    }
    const int steps = event->angleDelta().y() / 40; // three lines a notch
    verticalScrollBar()->setValue(verticalScrollBar()->value() - steps);
    event->accept();
}

// ---- keys ----------------------------------------------------------------------------------

bool TerminalView::handleViewKey(QKeyEvent *event)
{
    const Qt::KeyboardModifiers modifiers =
        event->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier | Qt::AltModifier);
    const int key = event->key();
    if (modifiers == (Qt::ControlModifier | Qt::ShiftModifier)) {
        if (key == Qt::Key_C) {
            copy();
            return true;
        }
        if (key == Qt::Key_V) {
            pasteClipboard();
            return true;
        }
    }
    if (modifiers == Qt::ShiftModifier && (key == Qt::Key_PageUp || key == Qt::Key_PageDown) &&
        !m_screen.altScreen()) {
        QScrollBar *bar = verticalScrollBar();
        bar->setValue(bar->value() + (key == Qt::Key_PageUp ? -1 : 1) * bar->pageStep());
        return true;
    }
    if (modifiers == Qt::ControlModifier ||
        modifiers == (Qt::ControlModifier | Qt::ShiftModifier)) {
        if (key == Qt::Key_Equal || key == Qt::Key_Plus) {
            zoomIn();
            return true;
        }
        if (key == Qt::Key_Minus) {
            zoomOut();
            return true;
        }
        if (key == Qt::Key_0) {
            resetZoom();
            return true;
        }
    }
    return false;
}

void TerminalView::keyPressEvent(QKeyEvent *event)
{
    if (handleViewKey(event)) {
        event->accept();
        return;
    }
    const std::optional<TerminalInput> input = TerminalKeys::map(*event);
    if (!input) {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    // Typing brings the output back into view and ends a selection, as terminals do.
    clearSelection();
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    // Text of several code points (a composed character, a pasted emoji sequence) is sent whole.
    if (input->kind == TerminalInput::Kind::Character && input->modifiers == 0 &&
        event->text().toUcs4().size() > 1)
        m_screen.sendText(event->text());
    else
        m_screen.send(*input);
    event->accept();
}

void TerminalView::focusInEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusInEvent(event);
    m_blinkOn = true;
    if (m_screen.cursorBlinks())
        m_blinkTimer.start();
    onDamage(QRect(m_screen.cursor(), QSize(1, 1)));
}

void TerminalView::focusOutEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusOutEvent(event);
    m_blinkTimer.stop();
    onDamage(QRect(m_screen.cursor(), QSize(1, 1)));
}

bool TerminalView::focusNextPrevChild(bool)
{
    return false;
}

} // namespace spaces
