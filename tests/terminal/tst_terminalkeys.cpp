// TerminalKeys: Qt's key events to libvterm's keys and characters, and what is left alone.
#include "TerminalKeys.h"

#include <QTest>
#include <vterm_keycodes.h>

using namespace spaces;
using namespace Qt::StringLiterals;
using Kind = TerminalInput::Kind;

Q_DECLARE_METATYPE(spaces::TerminalInput)

class TerminalKeysTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapping_data()
    {
        QTest::addColumn<int>("qtKey");
        QTest::addColumn<int>("modifiers");
        QTest::addColumn<QString>("text");
        QTest::addColumn<TerminalInput>("expected");
        QTest::newRow("letter") << int(Qt::Key_A) << 0 << u"a"_s
                                << TerminalInput{Kind::Character, 0, 'a', 0};
        QTest::newRow("shifted letter") << int(Qt::Key_A) << int(Qt::ShiftModifier) << u"A"_s
                                        << TerminalInput{Kind::Character, 0, 'A', 0};
        QTest::newRow("Ctrl+letter: the letter with Ctrl")
            << int(Qt::Key_D) << int(Qt::ControlModifier) << u"\x04"_s
            << TerminalInput{Kind::Character, 0, 'd', VTERM_MOD_CTRL};
        QTest::newRow("Ctrl+[") << int(Qt::Key_BracketLeft) << int(Qt::ControlModifier) << u"\x1b"_s
                                << TerminalInput{Kind::Character, 0, '[', VTERM_MOD_CTRL};
        QTest::newRow("Alt+Shift+letter")
            << int(Qt::Key_F) << int(Qt::AltModifier | Qt::ShiftModifier) << u"F"_s
            << TerminalInput{Kind::Character, 0, 'F', VTERM_MOD_ALT};
        QTest::newRow("F5") << int(Qt::Key_F5) << 0 << QString()
                            << TerminalInput{Kind::Key, VTERM_KEY_FUNCTION(5), 0, 0};
        QTest::newRow("Shift+Up") << int(Qt::Key_Up) << int(Qt::ShiftModifier) << QString()
                                  << TerminalInput{Kind::Key, VTERM_KEY_UP, 0, VTERM_MOD_SHIFT};
        QTest::newRow("keypad Enter") << int(Qt::Key_Enter) << int(Qt::KeypadModifier) << u"\r"_s
                                      << TerminalInput{Kind::Key, VTERM_KEY_KP_ENTER, 0, 0};
        QTest::newRow("emoji") << int(Qt::Key_unknown) << 0 << u"🚀"_s
                               << TerminalInput{Kind::Character, 0, 0x1F680, 0};
    }

    void mapping()
    {
        QFETCH(int, qtKey);
        QFETCH(int, modifiers);
        QFETCH(QString, text);
        QFETCH(TerminalInput, expected);
        const std::optional<TerminalInput> input =
            TerminalKeys::map(qtKey, Qt::KeyboardModifiers(modifiers), text);
        QVERIFY(input);
        QCOMPARE(*input, expected);
    }

    void notMapped()
    {
        QVERIFY(!TerminalKeys::map(Qt::Key_Shift, Qt::ShiftModifier, QString()));
        QVERIFY(!TerminalKeys::map(Qt::Key_Control, Qt::ControlModifier, QString()));
        QVERIFY(!TerminalKeys::map(Qt::Key_VolumeUp, {}, QString()));
        QVERIFY(!TerminalKeys::map(Qt::Key_unknown, {}, QString()));
    }
};

QTEST_GUILESS_MAIN(TerminalKeysTest)
#include "tst_terminalkeys.moc"
