// TerminalScreen fed byte streams as programs write them: text and the cursor, colours (16,
// 256, 24-bit) and attributes, the alternate screen, wide characters and combining marks,
// scrollback and its limit, selection text, the title, the bell, and what keys and pastes
// send back to the program.
#include "TerminalKeys.h"
#include "TerminalScreen.h"

#include <QSignalSpy>
#include <QTest>
#include <vterm_keycodes.h>

using namespace spaces;
using namespace Qt::StringLiterals;

class TerminalScreenTest final : public QObject
{
    Q_OBJECT

private:
    // What the program gets when `act` runs.
    static QByteArray sent(TerminalScreen &screen, const std::function<void()> &act)
    {
        QByteArray bytes;
        const QMetaObject::Connection connection = QObject::connect(
            &screen, &TerminalScreen::output, [&bytes](const QByteArray &out) { bytes += out; });
        act();
        QObject::disconnect(connection);
        return bytes;
    }

private Q_SLOTS:
    void textAndCursor()
    {
        TerminalScreen screen(5, 20);
        QSignalSpy damaged(&screen, &TerminalScreen::damaged);
        screen.feed("hello\r\nworld");
        QCOMPARE(screen.lineText(0), u"hello"_s);
        QCOMPARE(screen.lineText(1), u"world"_s);
        QCOMPARE(screen.cursor(), QPoint(5, 1));
        QCOMPARE(damaged.size(), 1); // one report per feed
        QVERIFY(damaged.first().first().toRect().contains(QRect(0, 0, 5, 2)));
        screen.feed("\x1b[1;1H\x1b[2K"); // home, erase the line
        QCOMPARE(screen.lineText(0), QString());
        QCOMPARE(screen.cursor(), QPoint(0, 0));
    }

    void colours_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QColor>("foreground");
        QTest::addColumn<QColor>("background");
        QTest::newRow("16: red on green")
            << QByteArray("\x1b[31;42mX") << QColor(224, 0, 0) << QColor(0, 224, 0);
        QTest::newRow("bright") << QByteArray("\x1b[91mX") << QColor(255, 64, 64) << QColor();
        QTest::newRow("256: 196") << QByteArray("\x1b[38;5;196mX") << QColor(255, 0, 0) << QColor();
        QTest::newRow("256: grey 244")
            << QByteArray("\x1b[38;5;244mX") << QColor(133, 133, 133) << QColor();
        QTest::newRow("24-bit") << QByteArray("\x1b[38;2;1;2;3;48;2;250;251;252mX")
                                << QColor(1, 2, 3) << QColor(250, 251, 252);
    }

    void colours()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QColor, foreground);
        QFETCH(QColor, background);
        TerminalScreen screen(3, 10);
        screen.feed(bytes);
        const TerminalCell cell = screen.cell(0, 0);
        QCOMPARE(cell.text, u"X"_s);
        QVERIFY(!cell.defaultForeground);
        QCOMPARE(cell.foreground, foreground);
        QCOMPARE(cell.defaultBackground, !background.isValid());
        if (background.isValid())
            QCOMPARE(cell.background, background);
        screen.feed("\x1b[0mY");
        QVERIFY(screen.cell(0, 1).defaultForeground);
        QVERIFY(screen.cell(0, 1).defaultBackground);
    }

    void attributes()
    {
        TerminalScreen screen(3, 20);
        screen.feed("\x1b[1mB\x1b[0;3mI\x1b[0;4mU\x1b[0;7mR\x1b[0;9mS\x1b[0;4:3mC\x1b[0mN");
        QVERIFY(screen.cell(0, 0).bold);
        QVERIFY(screen.cell(0, 1).italic);
        QCOMPARE(screen.cell(0, 2).underline, 1);
        QVERIFY(screen.cell(0, 3).inverse);
        QVERIFY(screen.cell(0, 4).strike);
        QCOMPARE(screen.cell(0, 5).underline, 3); // curly
        const TerminalCell plain = screen.cell(0, 6);
        QVERIFY(!plain.bold && !plain.italic && !plain.underline && !plain.inverse &&
                !plain.strike);
        QVERIFY(!screen.cell(0, 0).sameStyle(plain));
        QVERIFY(screen.cell(0, 7).sameStyle(plain));
    }

    void alternateScreenRestoresTheScreen()
    {
        TerminalScreen screen(4, 20);
        QSignalSpy alt(&screen, &TerminalScreen::altScreenChanged);
        screen.feed("$ vi notes\r\n");
        screen.feed("\x1b[?1049h\x1b[H\x1b[2J~\r\n~ editing");
        QVERIFY(screen.altScreen());
        QCOMPARE(screen.lineText(1), u"~ editing"_s);
        screen.feed("\x1b[?1049l");
        QVERIFY(!screen.altScreen());
        QCOMPARE(screen.lineText(0), u"$ vi notes"_s);
        QCOMPARE(screen.lineText(1), QString());
        QCOMPARE(alt.size(), 2);
        QCOMPARE(screen.cursor(), QPoint(0, 1));
    }

    void wideAndCombiningCharacters()
    {
        TerminalScreen screen(2, 10);
        screen.feed("日本e\xcc\x81x"); // "日本", e + combining acute, x
        QCOMPARE(screen.cell(0, 0).text, u"日"_s);
        QCOMPARE(screen.cell(0, 0).width, 2);
        QCOMPARE(screen.cell(0, 1).width, 0);
        QCOMPARE(screen.cell(0, 2).text, u"本"_s);
        QCOMPARE(screen.cell(0, 4).text, u"e\u0301"_s);
        QCOMPARE(screen.cell(0, 5).text, u"x"_s);
        QCOMPARE(screen.lineText(0), u"日本e\u0301x"_s);
        QCOMPARE(screen.cursor(), QPoint(6, 0));
    }

    void scrollback()
    {
        TerminalScreen screen(10, 20);
        QSignalSpy changed(&screen, &TerminalScreen::scrollbackChanged);
        QByteArray lines;
        for (int i = 1; i <= 100; ++i)
            lines += "line " + QByteArray::number(i) + "\r\n";
        screen.feed(lines);
        // 100 lines and the empty one the cursor is on: 91 went off the top.
        QCOMPARE(screen.scrollbackCount(), 91);
        QCOMPARE(screen.lineCount(), 101);
        QCOMPARE(screen.lineText(0), u"line 1"_s);
        QCOMPARE(screen.lineText(90), u"line 91"_s);
        QCOMPARE(screen.lineText(91), u"line 92"_s); // the screen's first row
        QCOMPARE(changed.size(), 1);
        // Growing the screen takes lines back from the scrollback.
        screen.resize(20, 20);
        QCOMPARE(screen.scrollbackCount(), 81);
        QCOMPARE(screen.lineText(81), u"line 82"_s);
    }

    void scrollbackLimit()
    {
        TerminalScreen screen(5, 20);
        QCOMPARE(screen.scrollbackLimit(), 10000);
        QByteArray lines;
        for (int i = 1; i <= 10100; ++i)
            lines += QByteArray::number(i) + "\r\n";
        screen.feed(lines);
        QCOMPARE(screen.scrollbackCount(), 10000);
        QCOMPARE(screen.lineText(0), u"97"_s); // the oldest ones went
        screen.setScrollbackLimit(10);
        QCOMPARE(screen.scrollbackCount(), 10);
        QCOMPARE(screen.lineText(0), u"10087"_s);
    }

    void selectionText()
    {
        TerminalScreen screen(4, 20);
        screen.feed("first line   \r\nsecond\r\n\x1b[31mthird\x1b[0m");
        QCOMPARE(screen.text({0, 6}, {1, 3}), u"line\nsec"_s);
        QCOMPARE(screen.text({1, 3}, {0, 6}), u"line\nsec"_s); // either direction
        QCOMPARE(screen.text({0, 0}, {2, 20}), u"first line\nsecond\nthird"_s);
        QCOMPARE(screen.text({2, 0}, {2, 2}), u"th"_s);
    }

    void titleAndBell()
    {
        TerminalScreen screen(2, 10);
        QSignalSpy title(&screen, &TerminalScreen::titleChanged);
        QSignalSpy bell(&screen, &TerminalScreen::bell);
        screen.feed("\x1b]0;vim notes.txt\x07");
        QCOMPARE(title.size(), 1);
        QCOMPARE(screen.title(), u"vim notes.txt"_s);
        screen.feed("\x07");
        QCOMPARE(bell.size(), 1);
    }

    void cursorShapeAndVisibility()
    {
        TerminalScreen screen(2, 10);
        QCOMPARE(screen.cursorShape(), TerminalScreen::CursorShape::Block);
        screen.feed("\x1b[6 q"); // steady bar
        QCOMPARE(screen.cursorShape(), TerminalScreen::CursorShape::Bar);
        QVERIFY(!screen.cursorBlinks());
        screen.feed("\x1b[3 q"); // blinking underline
        QCOMPARE(screen.cursorShape(), TerminalScreen::CursorShape::Underline);
        QVERIFY(screen.cursorBlinks());
        screen.feed("\x1b[?25l");
        QVERIFY(!screen.cursorVisible());
        screen.feed("\x1b[?25h");
        QVERIFY(screen.cursorVisible());
    }

    void keysReachTheProgram_data()
    {
        QTest::addColumn<int>("qtKey");
        QTest::addColumn<int>("modifiers");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("a") << int(Qt::Key_A) << 0 << u"a"_s << QByteArray("a");
        QTest::newRow("é") << int(Qt::Key_Eacute) << 0 << u"é"_s << QByteArray("\xc3\xa9");
        QTest::newRow("Enter") << int(Qt::Key_Return) << 0 << u"\r"_s << QByteArray("\r");
        QTest::newRow("Backspace is DEL")
            << int(Qt::Key_Backspace) << 0 << u"\b"_s << QByteArray("\x7f");
        QTest::newRow("Up") << int(Qt::Key_Up) << 0 << QString() << QByteArray("\x1b[A");
        QTest::newRow("Home") << int(Qt::Key_Home) << 0 << QString() << QByteArray("\x1b[H");
        QTest::newRow("Delete") << int(Qt::Key_Delete) << 0 << QString() << QByteArray("\x1b[3~");
        QTest::newRow("PgDn") << int(Qt::Key_PageDown) << 0 << QString() << QByteArray("\x1b[6~");
        QTest::newRow("F1") << int(Qt::Key_F1) << 0 << QString() << QByteArray("\x1bOP");
        QTest::newRow("F12") << int(Qt::Key_F12) << 0 << QString() << QByteArray("\x1b[24~");
        QTest::newRow("Ctrl+C") << int(Qt::Key_C) << int(Qt::ControlModifier) << u"\x03"_s
                                << QByteArray("\x03");
        QTest::newRow("Alt+b is Meta") << int(Qt::Key_B) << int(Qt::AltModifier) << u"b"_s
                                       << QByteArray("\x1b"
                                                     "b");
        QTest::newRow("Ctrl+Left") << int(Qt::Key_Left) << int(Qt::ControlModifier) << QString()
                                   << QByteArray("\x1b[1;5D");
        QTest::newRow("Shift+Tab")
            << int(Qt::Key_Backtab) << int(Qt::ShiftModifier) << QString() << QByteArray("\x1b[Z");
    }

    void keysReachTheProgram()
    {
        QFETCH(int, qtKey);
        QFETCH(int, modifiers);
        QFETCH(QString, text);
        QFETCH(QByteArray, bytes);
        TerminalScreen screen(2, 10);
        const std::optional<TerminalInput> input =
            TerminalKeys::map(qtKey, Qt::KeyboardModifiers(modifiers), text);
        QVERIFY(input);
        QCOMPARE(sent(screen, [&] { screen.send(*input); }), bytes);
    }

    void cursorKeysFollowTheProgramsMode()
    {
        TerminalScreen screen(2, 10);
        screen.feed("\x1b[?1h"); // application cursor keys, as vim and less ask
        const TerminalInput up = *TerminalKeys::map(Qt::Key_Up, {}, QString());
        QCOMPARE(sent(screen, [&] { screen.send(up); }), QByteArray("\x1bOA"));
    }

    void bracketedPaste()
    {
        TerminalScreen screen(2, 10);
        QCOMPARE(sent(screen, [&] { screen.paste(u"ls\r\n-la"_s); }), QByteArray("ls\r-la"));
        screen.feed("\x1b[?2004h");
        QCOMPARE(sent(screen, [&] { screen.paste(u"rm -rf x\n"_s); }),
                 QByteArray("\x1b[200~rm -rf x\r\x1b[201~"));
    }

    void answersQueries()
    {
        TerminalScreen screen(4, 10);
        screen.feed("ab");
        // Where is the cursor? (as shells and `resize` ask)
        QCOMPARE(sent(screen, [&] { screen.feed("\x1b[6n"); }), QByteArray("\x1b[1;3R"));
    }
};

QTEST_GUILESS_MAIN(TerminalScreenTest)
#include "tst_terminalscreen.moc"
