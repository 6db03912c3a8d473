// TerminalView on the offscreen platform: its size in cells reaches the screen, colours are
// painted, keys and pastes reach the program, mouse selection copies, the scrollback scrolls
// and stays put while output arrives, zoom changes the cell size.
#include "TerminalScreen.h"
#include "TerminalView.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace spaces;
using namespace Qt::StringLiterals;

class TerminalViewTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TerminalScreen> m_screen;
    std::unique_ptr<TerminalView> m_view;
    QByteArray m_sent;

    QPoint centreOf(int row, int column) const
    {
        const QSize cell = m_view->cellSize();
        return QPoint(column * cell.width() + cell.width() / 2,
                      row * cell.height() + cell.height() / 2);
    }

private Q_SLOTS:
    void init()
    {
        m_screen = std::make_unique<TerminalScreen>(24, 80);
        m_view = std::make_unique<TerminalView>(*m_screen);
        m_sent.clear();
        connect(m_screen.get(), &TerminalScreen::output, this,
                [this](const QByteArray &bytes) { m_sent += bytes; });
        m_view->resize(m_view->sizeHint());
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanup()
    {
        m_view.reset();
        m_screen.reset();
    }

    void sizeInCellsFollowsTheWidget()
    {
        QSignalSpy resized(m_view.get(), &TerminalView::sizeChanged);
        const QSize cell = m_view->cellSize();
        QVERIFY(cell.width() > 0 && cell.height() > 0);
        m_view->resize(m_view->width() - 10 * cell.width(), m_view->height() - 4 * cell.height());
        QTRY_VERIFY(!resized.isEmpty());
        const int rows = resized.last().at(0).toInt();
        const int columns = resized.last().at(1).toInt();
        QCOMPARE(m_screen->rows(), rows);
        QCOMPARE(m_screen->columns(), columns);
        QCOMPARE(columns, m_view->viewport()->width() / cell.width());
        QCOMPARE(rows, m_view->viewport()->height() / cell.height());
    }

    void paintsColours()
    {
        m_screen->feed("\x1b[41m    \x1b[0m  \x1b[48;2;10;200;30m    ");
        const QImage image = m_view->viewport()->grab().toImage();
        QCOMPARE(image.pixelColor(centreOf(0, 1)), QColor(224, 0, 0));
        QCOMPARE(image.pixelColor(centreOf(0, 4)), m_view->palette().color(QPalette::Base));
        QCOMPARE(image.pixelColor(centreOf(0, 8)), QColor(10, 200, 30));
    }

    void keysAndPastesReachTheProgram()
    {
        QTest::keyClicks(m_view.get(), u"ls"_s);
        QTest::keyClick(m_view.get(), Qt::Key_Return);
        QTest::keyClick(m_view.get(), Qt::Key_C, Qt::ControlModifier);
        QTest::keyClick(m_view.get(), Qt::Key_Tab); // the program's, not focus
        QCOMPARE(m_sent, QByteArray("ls\r\x03\t"));
        QVERIFY(m_view->hasFocus());
        m_sent.clear();
        QApplication::clipboard()->setText(u"echo hi"_s);
        QTest::keyClick(m_view.get(), Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(m_sent, QByteArray("echo hi"));
    }

    void doubleClickSelectsAWordAndCopies()
    {
        m_screen->feed("cat /etc/hostname now");
        QTest::mouseDClick(m_view->viewport(), Qt::LeftButton, {}, centreOf(0, 6));
        QCOMPARE(m_view->selectedText(), u"/etc/hostname"_s);
        QTest::keyClick(m_view.get(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(QApplication::clipboard()->text(), u"/etc/hostname"_s);
        QVERIFY(m_sent.isEmpty()); // copying sends nothing to the program
    }

    void dragSelectsAcrossLines()
    {
        m_screen->feed("alpha beta\r\ngamma delta");
        QTest::mousePress(m_view->viewport(), Qt::LeftButton, {}, centreOf(0, 6) - QPoint(4, 0));
        QTest::mouseMove(m_view->viewport(), centreOf(1, 5) - QPoint(4, 0));
        QTest::mouseRelease(m_view->viewport(), Qt::LeftButton, {}, centreOf(1, 5) - QPoint(4, 0));
        QCOMPARE(m_view->selectedText(), u"beta\ngamma"_s);
    }

    void scrollbackStaysPutWhileScrolledBack()
    {
        QByteArray lines;
        for (int i = 1; i <= 200; ++i)
            lines += "line " + QByteArray::number(i) + "\r\n";
        m_screen->feed(lines);
        QVERIFY(m_view->isFollowingOutput());
        QCOMPARE(m_view->topLine(), m_screen->scrollbackCount());
        QTest::keyClick(m_view.get(), Qt::Key_PageUp, Qt::ShiftModifier);
        const int top = m_view->topLine();
        QCOMPARE(top, m_screen->scrollbackCount() - m_screen->rows());
        QVERIFY(m_sent.isEmpty()); // scrolling is the view's, not the program's
        m_screen->feed("more\r\nand more\r\n");
        QCOMPARE(m_view->topLine(), top);
        // Typing brings the output back.
        QTest::keyClick(m_view.get(), Qt::Key_X);
        QVERIFY(m_view->isFollowingOutput());
    }

    void theAlternateScreenHasNoScrollback()
    {
        QByteArray lines;
        for (int i = 1; i <= 50; ++i)
            lines += "line\r\n";
        m_screen->feed(lines);
        QVERIFY(m_view->verticalScrollBar()->maximum() > 0);
        m_screen->feed("\x1b[?1049h");
        QCOMPARE(m_view->verticalScrollBar()->maximum(), 0);
        m_screen->feed("\x1b[?1049l");
        QVERIFY(m_view->verticalScrollBar()->maximum() > 0);
    }

    void zoom()
    {
        const QSize normal = m_view->cellSize();
        QTest::keyClick(m_view.get(), Qt::Key_Equal, Qt::ControlModifier);
        QTest::keyClick(m_view.get(), Qt::Key_Equal, Qt::ControlModifier);
        QVERIFY(m_view->cellSize().height() > normal.height());
        QTest::keyClick(m_view.get(), Qt::Key_Minus, Qt::ControlModifier);
        QTest::keyClick(m_view.get(), Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(m_view->cellSize(), normal);
        QVERIFY(m_sent.isEmpty());
    }

    void defaultFontIsTheSystemFixedFont()
    {
        QCOMPARE(m_view->terminalFont().family(),
                 QFontDatabase::systemFont(QFontDatabase::FixedFont).family());
    }

    void zoomIsRelativeToTheChosenFont()
    {
        QFont font = m_view->terminalFont();
        font.setPointSizeF(10);
        m_view->setTerminalFont(font);
        const QSize ten = m_view->cellSize();
        QTest::keyClick(m_view.get(), Qt::Key_Equal, Qt::ControlModifier);
        QTest::keyClick(m_view.get(), Qt::Key_Equal, Qt::ControlModifier);
        QCOMPARE(m_view->drawingFont().pointSizeF(), 12.0);

        // A new font keeps the zoom: two steps above the new size.
        font.setPointSizeF(16);
        QSignalSpy resized(m_view.get(), &TerminalView::sizeChanged);
        m_view->setTerminalFont(font);
        QCOMPARE(m_view->terminalFont().pointSizeF(), 16.0);
        QCOMPARE(m_view->drawingFont().pointSizeF(), 18.0);
        QVERIFY(m_view->cellSize().height() > ten.height());
        QVERIFY(!resized.isEmpty()); // bigger cells: fewer of them, told to the program
        QCOMPARE(m_screen->rows(), m_view->viewport()->height() / m_view->cellSize().height());

        QTest::keyClick(m_view.get(), Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(m_view->drawingFont().pointSizeF(), 16.0);
        // Zooming out stops at a readable size, and zooming back in starts from there.
        for (int i = 0; i < 30; ++i)
            QTest::keyClick(m_view.get(), Qt::Key_Minus, Qt::ControlModifier);
        QCOMPARE(m_view->drawingFont().pointSizeF(), 5.0);
        QTest::keyClick(m_view.get(), Qt::Key_Equal, Qt::ControlModifier);
        QCOMPARE(m_view->drawingFont().pointSizeF(), 6.0);
        QVERIFY(m_sent.isEmpty());
    }
};

QTEST_MAIN(TerminalViewTest)
#include "tst_terminalview.moc"
