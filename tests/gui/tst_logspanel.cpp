// LogsPanel against a real spacesd: the history then live lines with their colours; follow
// until the user scrolls up, then "Jump to end"; search with a match count; each space its
// own log; the time of each line shown dimmed or hidden (remembered); the stream comes back
// after a restart of the server.
#include "AccessibleNames.h"
#include "AnsiText.h"
#include "LogsPanel.h"
#include "PanelScreenshot.h"
#include "SpaceTestKit.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int SlowMs = 20000;

// "2026-12-02T14:30:00.123Z " at the start of a line.
const QString StampPattern = u"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z "_s;

// 300 numbered lines (every tenth red), then a line for each "go" file dropped in its home.
QJsonObject chattyTemplate()
{
    return {{u"name"_s, u"chatty"_s},
            {u"startup_command"_s,
             u"for i in $(seq 1 300); do if [ $((i % 10)) = 0 ]; then "
             "printf '\\033[31mred %s\\033[0m\\n' $i; else echo \"line $i\"; fi; done; "
             "while :; do if [ -f go ]; then echo \"live-$(cat go)\"; rm go; fi; sleep 0.05; "
             "done"_s}};
}

} // namespace

class LogsPanelTest final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_config; // QSettings (the Timestamps choice) go here, not to the user's
    TestServer m_server;
    KillGuard m_guard;
    std::unique_ptr<LogsPanel> m_panel;
    QString m_chattyId;
    QString m_quietId;

    template<typename T> T *child(const char *name) const
    {
        auto *found = m_panel->findChild<T *>(QString::fromLatin1(name));
        Q_ASSERT(found);
        return found;
    }
    void dropGo(const QString &space, const QString &word) const
    {
        m_server.api().post(u"/api/spaces/%1/run-command"_s.arg(space),
                            {{u"command"_s, u"echo %1 > go"_s.arg(word)}});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
        QCoreApplication::setOrganizationName(u"SpacesDesktopTests"_s);
        QCoreApplication::setApplicationName(u"tst_logspanel"_s);
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
        QVERIFY(!m_server.createTemplate(chattyTemplate()).isEmpty());
        m_chattyId = m_server.createSpace(u"chatty"_s, u"chatty"_s);
        m_quietId = m_server.createSpace(u"quiet"_s, u"blank"_s);
        QCOMPARE(m_server.startSpace(m_chattyId), 200);
        m_guard.addGroup(m_server.processGroupOf(m_chattyId));

        m_panel = std::make_unique<LogsPanel>(
            ConnectionSettings{m_server.process.url(), m_server.process.token()});
        m_panel->resize(900, 400);
        m_panel->show();
        m_panel->setSpace(m_chattyId, u"chatty"_s);
    }

    void everyControlHasAName() { QCOMPARE(unnamedControls(m_panel.get()), QStringList()); }

    void historyThenLiveLines()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->text().contains(u"line 299"_s), SlowMs);
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>("logStatusLabel")->text().contains(u"Live"_s),
                                 SlowMs);
        // Every line after the time it was written, history included (shown by default).
        QVERIFY(m_panel->showsTimestamps());
        QVERIFY2(QRegularExpression(u"^"_s + StampPattern + u"line 1\n"_s)
                     .match(m_panel->text())
                     .hasMatch(),
                 qPrintable(m_panel->text().left(80)));
        QVERIFY(!m_panel->text().contains(u"\x1b"_s));
        QVERIFY(!m_panel->text().contains(u"\r"_s));
        dropGo(u"chatty"_s, u"one"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->text().endsWith(u"live-one"_s), SlowMs);
        // A live line comes after the server's grey timestamp, drawn, not shown as escapes.
        const QRegularExpression stamped(u"\n"_s + StampPattern + u"live-one$"_s);
        QVERIFY2(stamped.match(m_panel->text()).hasMatch(), qPrintable(m_panel->text().right(80)));
        QVERIFY(!m_panel->text().contains(u"\x1b"_s));
        // The time is dimmed: grey, the line's own text is not.
        auto *stampView = child<QPlainTextEdit>("logView");
        QTextCursor stampCursor(stampView->document());
        stampCursor.setPosition(1);
        QCOMPARE(stampCursor.charFormat().foreground().color(), AnsiText::paletteColour(8));

        // "red 10" is drawn red.
        auto *view = child<QPlainTextEdit>("logView");
        QTextCursor cursor(view->document());
        cursor.setPosition(int(m_panel->text().indexOf(u"red 10"_s)) + 1);
        QCOMPARE(cursor.charFormat().foreground().color(), AnsiText::paletteColour(1));
        screenshot(m_panel.get(), u"logs.png"_s);
    }

    void followsUntilTheUserScrollsUp()
    {
        auto *view = child<QPlainTextEdit>("logView");
        QScrollBar *bar = view->verticalScrollBar();
        QVERIFY(m_panel->isFollowing());
        QTRY_COMPARE(bar->value(), bar->maximum());
        QVERIFY(!child<QPushButton>("jumpToEndButton")->isVisible());

        bar->setValue(0); // as the wheel would
        QVERIFY(!m_panel->isFollowing());
        QVERIFY(child<QPushButton>("jumpToEndButton")->isVisible());
        QVERIFY(!child<QToolButton>("followButton")->isChecked());
        dropGo(u"chatty"_s, u"two"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->text().endsWith(u"live-two"_s), SlowMs);
        QCOMPARE(bar->value(), 0); // left where the user looks

        QTest::mouseClick(child<QPushButton>("jumpToEndButton"), Qt::LeftButton);
        QVERIFY(m_panel->isFollowing());
        QCOMPARE(bar->value(), bar->maximum());
        dropGo(u"chatty"_s, u"three"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->text().endsWith(u"live-three"_s), SlowMs);
        QTRY_COMPARE(bar->value(), bar->maximum());
    }

    void searchCountsAndFindsMatches()
    {
        auto *find = child<QLineEdit>("logFindEdit");
        QTest::keySequence(m_panel.get(), QKeySequence::Find);
        QTRY_VERIFY(find->hasFocus());
        QTest::keyClicks(find, u"red 2"_s);
        // red 20, red 200..290: 11 lines.
        QCOMPARE(child<QLabel>("matchCountLabel")->text(), u"11 matches"_s);
        auto *view = child<QPlainTextEdit>("logView");
        QCOMPARE(view->extraSelections().size(), 11);
        QTest::keyClick(find, Qt::Key_Return);
        QCOMPARE(view->textCursor().selectedText(), u"red 2"_s);
        const int first = view->textCursor().position();
        QTest::keyClick(find, Qt::Key_Return);
        QVERIFY(view->textCursor().position() > first);
        QTest::keyClick(find, Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(view->textCursor().position(), first);
        QVERIFY(!m_panel->isFollowing()); // a match stays in view
        screenshot(m_panel.get(), u"logs-search.png"_s);
        find->clear();
        QVERIFY(view->extraSelections().isEmpty());
        QTest::mouseClick(child<QPushButton>("jumpToEndButton"), Qt::LeftButton);
    }

    void wrapToggles()
    {
        auto *view = child<QPlainTextEdit>("logView");
        QCOMPARE(view->lineWrapMode(), QPlainTextEdit::NoWrap);
        child<QCheckBox>("wrapCheckBox")->setChecked(true);
        QCOMPARE(view->lineWrapMode(), QPlainTextEdit::WidgetWidth);
        child<QCheckBox>("wrapCheckBox")->setChecked(false);
    }

    void timestampsToggle()
    {
        auto *box = child<QCheckBox>("timestampsCheckBox");
        QVERIFY(box->isChecked());
        const int lines = child<QPlainTextEdit>("logView")->blockCount();
        box->setChecked(false);
        // What is shown is drawn again without the times: the same lines, the services' own.
        QVERIFY2(m_panel->text().startsWith(u"line 1\nline 2\n"_s),
                 qPrintable(m_panel->text().left(80)));
        QVERIFY(m_panel->text().contains(u"\nred 10\n"_s));
        QVERIFY(m_panel->text().endsWith(u"\nlive-three"_s));
        QCOMPARE(child<QPlainTextEdit>("logView")->blockCount(), lines);
        QVERIFY(!QRegularExpression(StampPattern).match(m_panel->text()).hasMatch());
        // New lines come without them too; the colours stay.
        dropGo(u"chatty"_s, u"plain"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->text().endsWith(u"\nlive-plain"_s), SlowMs);
        auto *view = child<QPlainTextEdit>("logView");
        QTextCursor cursor(view->document());
        cursor.setPosition(int(m_panel->text().indexOf(u"red 10"_s)) + 1);
        QCOMPARE(cursor.charFormat().foreground().color(), AnsiText::paletteColour(1));
        screenshot(m_panel.get(), u"logs-without-timestamps.png"_s);
        // Remembered: a new panel starts without them.
        QCOMPARE(QSettings().value(LogsPanel::TimestampsKey).toBool(), false);
        {
            LogsPanel other(ConnectionSettings{m_server.process.url(), m_server.process.token()});
            QVERIFY(!other.showsTimestamps());
        }
        box->setChecked(true);
        QVERIFY(QRegularExpression(u"\n"_s + StampPattern + u"live-plain$"_s)
                    .match(m_panel->text())
                    .hasMatch());
        QCOMPARE(QSettings().value(LogsPanel::TimestampsKey).toBool(), true);
    }

    void eachSpaceHasItsOwnLog()
    {
        m_panel->setSpace(m_quietId, u"quiet"_s);
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>("logStatusLabel")->text().contains(u"Live"_s),
                                 SlowMs);
        QVERIFY(m_panel->text().isEmpty());
        m_panel->setSpace(m_chattyId, u"chatty"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->text().contains(u"live-three"_s), SlowMs);
    }

    void comesBackAfterTheServerRestarts()
    {
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>("logStatusLabel")->text().contains(u"Live"_s),
                                 SlowMs);
        const QString port = QString::number(m_server.process.url().port());
        QCOMPARE(m_server.process.terminate(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>("logStatusLabel")->text().contains(u"again"_s),
                                 SlowMs);
        // The same address (the last --listen counts), as a restarted local server has.
        QString error;
        QVERIFY2(m_server.start(&error, {u"--listen"_s, u"127.0.0.1:"_s + port}),
                 qPrintable(error));
        QCOMPARE(QString::number(m_server.process.url().port()), port);
        dropGo(u"chatty"_s, u"four"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->text().contains(u"live-four"_s), SlowMs);
        // The history came again, in place of what was shown: nothing twice.
        QCOMPARE(m_panel->text().count(u"line 299"_s), 1);
        QCOMPARE(m_panel->text().count(u"live-one"_s), 1);
    }

    void cleanupTestCase()
    {
        m_panel.reset();
        m_server.stopSpace(m_chattyId);
    }
};

QTEST_MAIN(LogsPanelTest)
#include "tst_logspanel.moc"
