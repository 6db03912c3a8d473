// ConsoleTranscript: one space's console entries in a text browser, written incrementally.
#include "AnsiText.h"
#include "ConsoleModel.h"
#include "ConsoleTranscript.h"

#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>

using namespace spaces;
using namespace Qt::StringLiterals;

namespace {

ConsoleEntry entry(const QString &space, const QString &command, ConsoleEntry::State state,
                   const QString &output = {})
{
    ConsoleEntry made;
    made.spaceId = space;
    made.spaceName = space;
    made.commandLine = command;
    made.state = state;
    made.output = output;
    if (state == ConsoleEntry::State::Succeeded)
        made.exitCode = 0;
    return made;
}

} // namespace

class TestConsoleTranscript : public QObject
{
    Q_OBJECT

    std::unique_ptr<ConsoleModel> m_model;
    std::unique_ptr<QTextBrowser> m_view;
    std::unique_ptr<ConsoleTranscript> m_transcript;

    QString shown() const { return m_view->toPlainText(); }

private Q_SLOTS:
    void init()
    {
        m_model = std::make_unique<ConsoleModel>();
        m_view = std::make_unique<QTextBrowser>();
        m_view->resize(600, 400);
        m_transcript = std::make_unique<ConsoleTranscript>(*m_model, *m_view);
        m_transcript->setSpace(u"a"_s);
    }
    void cleanup()
    {
        m_transcript.reset();
        m_view.reset();
        m_model.reset();
    }

    void showsOnlyItsSpace()
    {
        m_model->append(entry(u"a"_s, u"echo in-a"_s, ConsoleEntry::State::Succeeded, u"in-a\n"_s));
        m_model->append(entry(u"b"_s, u"echo in-b"_s, ConsoleEntry::State::Succeeded, u"in-b\n"_s));
        QTRY_VERIFY(shown().contains(u"in-a"_s));
        QVERIFY(!shown().contains(u"in-b"_s));
        m_transcript->setSpace(u"b"_s);
        QVERIFY(shown().contains(u"$ echo in-b"_s));
        QVERIFY(!shown().contains(u"in-a"_s));
        QVERIFY(m_transcript->plainText().contains(u"in-b"_s));
        QVERIFY(!m_transcript->plainText().contains(u"in-a"_s));
        m_transcript->setSpace(u"c"_s);
        QVERIFY(shown().isEmpty());
        QVERIFY(m_transcript->isEmpty());
    }

    void finishedEntriesAreNeverWrittenAgain()
    {
        m_model->append(entry(u"a"_s, u"first"_s, ConsoleEntry::State::Succeeded, u"one\n"_s));
        QTRY_VERIFY(shown().contains(u"one"_s));
        const int firstEnd = m_view->document()->characterCount() - 1;

        QList<int> changedAt;
        connect(m_view->document(), &QTextDocument::contentsChange, this,
                [&changedAt](int position, int, int) { changedAt.append(position); });
        ConsoleEntry running = entry(u"a"_s, u"second"_s, ConsoleEntry::State::Running);
        running.id = m_model->append(running);
        m_model->append(entry(u"a"_s, u"third"_s, ConsoleEntry::State::Queued));
        QTRY_VERIFY(shown().contains(u"third"_s));
        for (int step = 0; step < 5; ++step) {
            running.output += u"line %1\n"_s.arg(step);
            m_model->update(running);
            QTRY_VERIFY(shown().contains(u"line %1"_s.arg(step)));
        }
        running.state = ConsoleEntry::State::Succeeded;
        running.exitCode = 0;
        m_model->update(running);
        QTRY_VERIFY(shown().contains(u"exit 0"_s));
        QVERIFY(!changedAt.isEmpty());
        for (const int position : changedAt)
            QVERIFY2(position >= firstEnd, qPrintable(u"changed at %1"_s.arg(position)));
        QVERIFY(shown().indexOf(u"second"_s) < shown().indexOf(u"third"_s));
    }

    void theOldestAreCutFromTheTop()
    {
        m_model->setCapacity(5);
        for (int i = 1; i <= 8; ++i)
            m_model->append(entry(u"a"_s, u"command-%1"_s.arg(i), ConsoleEntry::State::Succeeded,
                                  u"output-%1\n"_s.arg(i)));
        QTRY_VERIFY(shown().contains(u"output-8"_s));
        QVERIFY(shown().startsWith(u"$ command-4"_s));
        QVERIFY(!shown().contains(u"command-3"_s));
        QCOMPARE(m_view->document()->firstBlock().blockFormat().topMargin(), 0.0);
        m_model->append(entry(u"a"_s, u"command-9"_s, ConsoleEntry::State::Succeeded));
        QTRY_VERIFY(shown().startsWith(u"$ command-5"_s));
    }

    void outputIsDrawnWithItsColours()
    {
        m_model->append(entry(u"a"_s, u"ls --color"_s, ConsoleEntry::State::Succeeded,
                              u"\x1b[01;34mdirectory\x1b[0m file\nbar 10%\rbar 100%\n"_s));
        QTRY_VERIFY(shown().contains(u"directory file"_s));
        QVERIFY(shown().contains(u"bar 100%"_s));
        QVERIFY(!shown().contains(u"10%\n"_s));
        QVERIFY(!shown().contains(u"\x1b"_s));
        QVERIFY(!shown().contains(u"[0m"_s));
        const int at = int(shown().indexOf(u"directory"_s));
        QTextCursor cursor(m_view->document());
        cursor.setPosition(at + 1);
        QCOMPARE(cursor.charFormat().foreground().color(), AnsiText::paletteColour(4));
        QVERIFY(cursor.charFormat().fontWeight() > QFont::Normal);
        QVERIFY(m_transcript->plainText().contains(u"directory file\nbar 100%\n"_s));
    }

    void clearingOneSpaceKeepsTheOthers()
    {
        m_model->append(entry(u"a"_s, u"in-a"_s, ConsoleEntry::State::Succeeded));
        m_model->append(entry(u"b"_s, u"in-b"_s, ConsoleEntry::State::Succeeded));
        m_model->append(entry(u"a"_s, u"in-a-again"_s, ConsoleEntry::State::Succeeded));
        QTRY_VERIFY(shown().contains(u"in-a-again"_s));
        m_model->clearSpace(u"a"_s);
        QCOMPARE(m_model->rowCount(), 1);
        QTRY_VERIFY(shown().isEmpty());
        m_transcript->setSpace(u"b"_s);
        QVERIFY(shown().contains(u"in-b"_s));
    }

    void hugeOutputShowsItsEnd()
    {
        QString output;
        for (int i = 0; i < 100000; ++i)
            output += u"line %1\n"_s.arg(i);
        m_model->append(entry(u"a"_s, u"seq"_s, ConsoleEntry::State::Succeeded, output));
        QTRY_VERIFY(shown().contains(u"line 99999"_s));
        QVERIFY(shown().contains(u"earlier characters not shown"_s));
        QVERIFY(!shown().contains(u"line 1\n"_s));
        QVERIFY(m_transcript->plainText().contains(u"line 1\n"_s));
    }
};

QTEST_MAIN(TestConsoleTranscript)
#include "tst_consoletranscript.moc"
