// DisplayText::oneLine: a server's sentence made safe for a terminal and a label. Each row is
// a trick a hostile or broken server could play on whoever reads its sentence.

#include "DisplayText.h"

#include <QTest>

using namespace Qt::StringLiterals;
using spaces::DisplayText;

class TestDisplayText final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneLine_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");

        QTest::newRow("plain") << u"space not found"_s << u"space not found"_s;
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("accents, CJK, emoji")
            << u"café ünïcödé 空间 🚀 ok"_s << u"café ünïcödé 空间 🚀 ok"_s;
        QTest::newRow("clear screen") << u"\x1b[2J\x1b[Hgone"_s << u"gone"_s;
        QTest::newRow("colours") << u"\x1b[1;31mred\x1b[0m text"_s << u"red text"_s;
        QTest::newRow("private CSI") << u"a\x1b[?1049hb"_s << u"ab"_s;
        QTest::newRow("OSC 8 hyperlink")
            << u"see \x1b]8;;https://evil.example/\x1b\\here\x1b]8;;\x1b\\ now"_s
            << u"see here now"_s;
        QTest::newRow("OSC title ended by BEL") << u"\x1b]0;owned\x07title"_s << u"title"_s;
        QTest::newRow("OSC 52 clipboard") << u"x\x1b]52;c;cm0gLXJmIH4=\x07y"_s << u"xy"_s;
        QTest::newRow("unterminated OSC swallows the rest") << u"ok\x1b]0;abc"_s << u"ok"_s;
        QTest::newRow("DCS") << u"a\x1bPq#0;2;0;0;0\x1b\\b"_s << u"ab"_s;
        QTest::newRow("APC") << u"a\x1b_payload\x1b\\b"_s << u"ab"_s;
        QTest::newRow("two-byte escape") << u"a\x1b"
                                            u"cb\x1b(0c"_s
                                         << u"abc"_s;
        QTest::newRow("lone ESC at the end") << u"abc\x1b"_s << u"abc"_s;
        QTest::newRow("BEL") << u"ding\x07\x07"_s << u"ding"_s;
        QTest::newRow("backspaces") << u"safe\b\b\b\bEVIL"_s << u"safeEVIL"_s;
        QTest::newRow("carriage return overwrite") << u"Good\rEvil"_s << u"Good Evil"_s;
        QTest::newRow("CRLF and tabs") << u"line one\r\n\tline two"_s << u"line one line two"_s;
        QTest::newRow("runs of spaces and trimming") << u"  a    b  "_s << u"a b"_s;
        QTest::newRow("NUL and DEL") << u"a\u0000b\u007fc"_s << u"abc"_s;
        QTest::newRow("C1 CSI") << u"a\u009b2Jb"_s << u"ab"_s;
        QTest::newRow("C1 OSC") << u"a\u009d0;t\u009cb"_s << u"ab"_s;
        QTest::newRow("C1 NEL is a break") << u"a\u0085b"_s << u"a b"_s;
        QTest::newRow("other C1") << u"a\u0084\u0090\u009cb"_s << u"ab"_s;
        QTest::newRow("bidi override") << u"file\u202Etxt.exe"_s << u"filetxt.exe"_s;
        QTest::newRow("bidi isolates and marks")
            << u"\u2066a\u2069\u200e\u200f\u061cb"_s << u"ab"_s;
        QTest::newRow("line separators") << u"a\u2028b\u2029c"_s << u"a b c"_s;
        QTest::newRow("escape split by a control") << u"a\x1b[31\nb"_s << u"a b"_s;
    }

    void oneLine()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(DisplayText::oneLine(input), expected);
    }

    void noControlSurvives()
    {
        // Every C0 and C1 control, alone and after ESC: whatever it starts is not printed.
        const auto clean = [](const QString &text) {
            for (const QChar c : text) {
                if (c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() <= 0x9f))
                    return false;
            }
            return text.startsWith(u'x');
        };
        for (char16_t c = 0; c < 0xa0; ++c) {
            if (c >= 0x20 && c < 0x7f)
                continue;
            QVERIFY2(clean(DisplayText::oneLine(u"x"_s + QChar(c) + u"y"_s)),
                     qPrintable(u"%1"_s.arg(int(c))));
            QVERIFY2(clean(DisplayText::oneLine(u"x\x1b"_s + QChar(c) + u"y"_s)),
                     qPrintable(u"%1"_s.arg(int(c))));
        }
    }
};

QTEST_GUILESS_MAIN(TestDisplayText)
#include "tst_displaytext.moc"
