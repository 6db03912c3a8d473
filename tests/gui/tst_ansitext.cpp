// AnsiText: program output with escapes turned into styled lines, as a terminal shows them.
#include "AnsiText.h"

#include <QTest>

using namespace spaces;
using namespace Qt::StringLiterals;

namespace {

QString lineText(const AnsiLine &line)
{
    QString text;
    for (const AnsiRun &run : line)
        text += run.text;
    return text;
}

} // namespace

class TestAnsiText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plainTextPassesThrough()
    {
        const QList<AnsiLine> lines = AnsiText::parse(u"one\ntwo\n"_s);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lineText(lines.at(0)), u"one"_s);
        QCOMPARE(lineText(lines.at(1)), u"two"_s);
        QVERIFY(lines.at(0).first().style.isPlain());
        QCOMPARE(AnsiText::parse(u"a\n\nb"_s).size(), 3);
        QCOMPARE(AnsiText::parse(u"last line without break"_s).size(), 1);
    }

    void namedColoursAndReset()
    {
        const QList<AnsiLine> lines = AnsiText::parse(u"\x1b[1;31mred\x1b[0m plain\n"_s);
        QCOMPARE(lines.size(), 1);
        const AnsiLine &line = lines.first();
        QCOMPARE(line.size(), 2);
        QCOMPARE(line.at(0).text, u"red"_s);
        QVERIFY(line.at(0).style.bold);
        QCOMPARE(line.at(0).style.foreground, AnsiText::paletteColour(1));
        QCOMPARE(line.at(1).text, u" plain"_s);
        QVERIFY(line.at(1).style.isPlain());
    }

    void styleCarriesOverLines()
    {
        const QList<AnsiLine> lines = AnsiText::parse(u"\x1b[32mone\ntwo\x1b[39m\n"_s);
        QCOMPARE(lines.at(1).first().style.foreground, AnsiText::paletteColour(2));
    }

    void extendedColours()
    {
        const AnsiLine line =
            AnsiText::parse(
                u"\x1b[38;5;196ma\x1b[38;2;1;2;3mb\x1b[48:2::9:8:7mc\x1b[49;48:2:4:5:6m\x1b[97md"_s)
                .first();
        QCOMPARE(line.size(), 4);
        QCOMPARE(line.at(0).style.foreground, AnsiText::paletteColour(196));
        QCOMPARE(line.at(0).style.foreground, QColor(255, 0, 0));
        QCOMPARE(line.at(1).style.foreground, QColor(1, 2, 3));
        QCOMPARE(line.at(2).style.background, QColor(9, 8, 7));
        QCOMPARE(line.at(3).style.foreground, AnsiText::paletteColour(15));
        QCOMPARE(line.at(3).style.background, QColor(4, 5, 6));
        QCOMPARE(AnsiText::paletteColour(232), QColor(8, 8, 8));
        QCOMPARE(AnsiText::paletteColour(255), QColor(238, 238, 238));
    }

    void attributes()
    {
        const AnsiLine line = AnsiText::parse(u"\x1b[2;3;4;7;9mx\x1b[22;23;24;27;29my"_s).first();
        const AnsiStyle &styled = line.at(0).style;
        QVERIFY(styled.dim && styled.italic && styled.underline && styled.inverse && styled.strike);
        QVERIFY(line.at(1).style.isPlain());
    }

    void carriageReturnRedrawsTheLine()
    {
        QCOMPARE(AnsiText::plainText(u"progress 10%\rprogress 100%\n"_s), u"progress 100%"_s);
        QCOMPARE(AnsiText::plainText(u"abcdef\rXY\n"_s), u"XYcdef"_s);
        QCOMPARE(AnsiText::plainText(u"windows\r\nline\r\n"_s), u"windows\nline"_s);
        QCOMPARE(AnsiText::plainText(u"abc\x1b[K\rX\x1b[K"_s), u"X"_s);
        QCOMPARE(AnsiText::plainText(u"abc\x1b[2K\rX"_s), u"X"_s);
        QCOMPARE(AnsiText::plainText(u"ab\bX"_s), u"aX"_s);
        QCOMPARE(AnsiText::plainText(u"a\tb"_s), u"a       b"_s);
    }

    void everythingElseIsDropped()
    {
        // A title, a hyperlink, cursor movement, a bell, a C1 CSI: none reaches the view.
        const QString hostile =
            u"\x1b]0;title\x07\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\x1b[2J\x1b[H\x07"
            "\x9b"
            "31mok\x1b"
            "7\x1bPdcs\x1b\\!"_s;
        QCOMPARE(AnsiText::plainText(hostile), u"linkok!"_s);
        // An escape cut at the end of what arrived so far shows nothing.
        QCOMPARE(AnsiText::plainText(u"done\x1b[3"_s), u"done"_s);
        QCOMPARE(AnsiText::plainText(u"done\x1b"_s), u"done"_s);
        QCOMPARE(AnsiText::plainText(u"\x1b[?25lhidden cursor\x1b[?25h"_s), u"hidden cursor"_s);
    }

    void wideTextIsKept()
    {
        QCOMPARE(AnsiText::plainText(u"日本語 ✓ é 🙂\n"_s), u"日本語 ✓ é 🙂"_s);
    }

    void aVeryLongLineIsCut()
    {
        QCOMPARE(AnsiText::plainText(QString(100000, u'x')).size(), 100000);
        const QString text = AnsiText::plainText(QString(3 << 20, u'x'));
        QVERIFY(text.size() < 3 << 20);
        QVERIFY(text.size() >= 1 << 20);
    }
};

QTEST_GUILESS_MAIN(TestAnsiText)
#include "tst_ansitext.moc"
