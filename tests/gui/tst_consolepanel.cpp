// ConsolePanel against a real spacesd: `echo hello` shows `hello` with its exit status;
// commands queue in order; Up/Down walk the history; a running command can be abandoned;
// copy and clear; a stored script runs with quoted arguments; a stopped space gets a
// sentence instead of a command line.
#include "AccessibleNames.h"
#include "CommandConsole.h"
#include "ConsoleModel.h"
#include "ConsolePanel.h"
#include "PanelScreenshot.h"
#include "ScriptModel.h"
#include "ScriptRunner.h"
#include "SpaceTestKit.h"
#include "SpacesClient.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int SlowMs = 20000;

} // namespace

class ConsolePanelTest final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_config; // QSettings (the history) go here, not to the user's
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<SpacesClient> m_client;
    std::unique_ptr<ConsoleModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<CommandConsole> m_console;
    std::unique_ptr<ScriptModel> m_scripts;
    std::unique_ptr<ScriptRunner> m_runner;
    std::unique_ptr<ConsolePanel> m_panel;
    KillGuard m_guard;
    QString m_spaceId;
    QString m_otherId;

    template<typename T> T *child(const char *name) const
    {
        return m_panel->findChild<T *>(QLatin1StringView(name));
    }
    QString output() const { return child<QTextBrowser>("consoleOutput")->toPlainText(); }
    void type(const QString &command)
    {
        auto *edit = child<QLineEdit>("commandEdit");
        edit->setFocus();
        QTest::keyClicks(edit, command);
        QTest::keyClick(edit, Qt::Key_Return);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
        QCoreApplication::setOrganizationName(u"SpacesDesktopTests"_s);
        QCoreApplication::setApplicationName(u"tst_consolepanel"_s);

        m_server = std::make_unique<TestServer>();
        QString problem;
        QVERIFY2(m_server->start(&problem), qPrintable(problem));
        m_spaceId = m_server->createSpace(u"console-space"_s, u"blank"_s);
        QVERIFY(!m_spaceId.isEmpty());
        QCOMPARE(m_server->startSpace(m_spaceId), 200);
        m_guard.addGroup(m_server->processGroupOf(m_spaceId));
        m_otherId = m_server->createSpace(u"console-other"_s, u"blank"_s);
        QVERIFY(!m_otherId.isEmpty());
        QCOMPARE(m_server->startSpace(m_otherId), 200);
        m_guard.addGroup(m_server->processGroupOf(m_otherId));
        const ApiReply stored = m_server->api().post(
            u"/api/scripts"_s,
            {{u"name"_s, u"greet"_s},
             {u"user_id"_s, u"current"_s},
             {u"description"_s, u"Greets whoever is named"_s},
             {u"content"_s, u"#!/bin/sh\necho \"hello $1\"; echo \"args: $#\"\nexit 3\n"_s}});
        QCOMPARE(stored.status, 201);

        m_client = std::make_unique<SpacesClient>(
            ConnectionSettings{m_server->process.url(), m_server->process.token()});
        m_model = std::make_unique<ConsoleModel>();
        m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get());
        m_console = std::make_unique<CommandConsole>(*m_client, *m_model);
        m_scripts = std::make_unique<ScriptModel>(*m_client);
        m_runner = std::make_unique<ScriptRunner>(*m_client);
        m_panel = std::make_unique<ConsolePanel>(*m_console, *m_model, *m_scripts, *m_runner);
        m_panel->resize(900, 480);
        m_panel->show();
        m_panel->setSpace(m_spaceId, u"console-space"_s, true);
    }

    void defaults()
    {
        QCOMPARE(child<QSpinBox>("timeoutSpin")->value(), 30);
        QVERIFY(child<QLineEdit>("workdirEdit")->text().isEmpty());
        QVERIFY(!child<QLabel>("consoleStateLabel")->isVisible());
        QVERIFY(!child<QPushButton>("abandonButton")->isEnabled());
        QVERIFY(child<QTextBrowser>("consoleOutput")->font().fixedPitch());
    }

    void everyControlHasAName() { QCOMPARE(unnamedControls(m_panel.get()), QStringList()); }

    void echoHello()
    {
        type(u"echo hello"_s);
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"\nhello"_s), SlowMs);
        QVERIFY(output().contains(u"$ echo hello"_s));
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"exit 0"_s), SlowMs);
        QVERIFY(child<QLineEdit>("commandEdit")->text().isEmpty());
    }

    void commandsQueueInOrder()
    {
        child<QLineEdit>("workdirEdit")->setText(u"/tmp"_s);
        type(u"sleep 1; echo first"_s);
        type(u"pwd; echo second"_s);
        type(u"exit 4"_s);
        QTRY_VERIFY(child<QLabel>("queueLabel")->text().contains(u"queued"_s));
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"✗ exit 4"_s), SlowMs);
        const QString text = output();
        QVERIFY(text.indexOf(u"first"_s) < text.indexOf(u"second"_s));
        QVERIFY(text.contains(u"/tmp\nsecond"_s));
        child<QLineEdit>("workdirEdit")->clear();
    }

    void historyWithUpAndDown()
    {
        auto *edit = child<QLineEdit>("commandEdit");
        edit->setFocus();
        QTest::keyClicks(edit, u"draft"_s);
        QTest::keyClick(edit, Qt::Key_Up);
        QCOMPARE(edit->text(), u"exit 4"_s);
        QTest::keyClick(edit, Qt::Key_Up);
        QCOMPARE(edit->text(), u"pwd; echo second"_s);
        QTest::keyClick(edit, Qt::Key_Down);
        QCOMPARE(edit->text(), u"exit 4"_s);
        QTest::keyClick(edit, Qt::Key_Down);
        QCOMPARE(edit->text(), u"draft"_s);
        edit->clear();
        // Kept across restarts: a new console for the same space knows it.
        ConsoleModel model;
        CommandConsole again(*m_client, model);
        again.setSpace(m_spaceId, u"console-space"_s);
        QVERIFY(again.history().contains(u"echo hello"_s));
    }

    void abandonTheRunningCommand()
    {
        type(u"sleep 25"_s);
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("abandonButton")->isEnabled(), SlowMs);
        QTest::mouseClick(child<QPushButton>("abandonButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"stopped after"_s), SlowMs);
        QTRY_VERIFY(!child<QPushButton>("abandonButton")->isEnabled());
        type(u"echo after"_s);
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"\nafter"_s), SlowMs);
    }

    void stopReallyEndsTheCommand()
    {
        // The command holds a lock while it lives (pids in the sandbox are its own), and
        // writes a file once the test lets it go on: after Stop it must never get there.
        const QString home = m_server->home(m_spaceId);
        const QString lock = home + u"/stop.lock"_s;
        const QString late = home + u"/stop-late.txt"_s;
        type(u"exec 9>>stop.lock; flock -s 9; echo stop-started; while [ ! -f stop-go ]; do "
             "sleep 0.05; done; echo late > stop-late.txt"_s);
        // Streamed: its first line shows while it still runs.
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"\nstop-started"_s), SlowMs);
        QVERIFY(isLockHeld(lock));
        QVERIFY(child<QPushButton>("abandonButton")->isEnabled());
        QTest::mouseClick(child<QPushButton>("abandonButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"stopped after"_s), SlowMs);
        QTRY_VERIFY_WITH_TIMEOUT(!isLockHeld(lock), SlowMs);
        QFile go(home + u"/stop-go"_s);
        QVERIFY(go.open(QIODevice::WriteOnly));
        go.close();
        QVERIFY2(!QFile::exists(late), "the command went on after Stop");
        QFile::remove(go.fileName());
    }

    void colouredLoopStreams()
    {
        const QString go = m_server->home(m_spaceId) + u"/shot-go"_s;
        type(u"for i in 1 2 3 4 5 6; do printf '\\033[3%dmstep %d of 6\\033[0m done\\n' $i $i; "
             "done; printf 'progress 10%%\\rprogress 60%%'; while [ ! -f shot-go ]; do sleep "
             "0.05; done; rm shot-go; echo; echo finished"_s);
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"\nprogress 60%"_s), SlowMs);
        QVERIFY(output().contains(u"step 6 of 6 done"_s));
        QVERIFY(!output().contains(u"\nprogress 10%"_s));
        QVERIFY(output().contains(u"running"_s));
        screenshot(m_panel.get(), u"console-streaming.png"_s);
        QFile file(go);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"\nfinished"_s), SlowMs);
    }

    void streamedOutputStaysWithItsSpace()
    {
        const QString go = m_server->home(m_spaceId) + u"/ab-go"_s;
        type(u"echo a-first; while [ ! -f ab-go ]; do sleep 0.05; done; rm ab-go; echo a-second"_s);
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"\na-first"_s), SlowMs);
        m_panel->setSpace(m_otherId, u"console-other"_s, true);
        QVERIFY(!output().contains(u"a-first"_s));
        type(u"echo b-only"_s);
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"\nb-only"_s), SlowMs);
        // A's output goes on arriving while B is shown: none of it here.
        QFile file(go);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(go), SlowMs);
        type(u"echo b-again"_s);
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"\nb-again"_s), SlowMs);
        QVERIFY(!output().contains(u"a-first"_s));
        QVERIFY(!output().contains(u"a-second"_s));
        m_panel->setSpace(m_spaceId, u"console-space"_s, true);
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"\na-second"_s), SlowMs);
        QVERIFY(output().contains(u"\na-first"_s));
        QVERIFY(!output().contains(u"b-only"_s));
    }

    // At a fresh launch and after a refresh the chooser offers the stored scripts (it once
    // said "No stored scripts"), and nothing runs before one is chosen.
    void scriptsChooserAfterRefresh()
    {
        auto *combo = child<QComboBox>("scriptCombo");
        auto *run = child<QPushButton>("runScriptButton");
        QTRY_VERIFY_WITH_TIMEOUT(combo->findText(u"greet"_s) >= 0, SlowMs);
        QCOMPARE(combo->currentIndex(), -1);
        QCOMPARE(combo->placeholderText(), u"Choose a script…"_s);
        QVERIFY(!run->isEnabled());
        QVERIFY(run->toolTip().contains(u"Choose a script"_s));

        QSignalSpy refreshed(m_scripts.get(), &ScriptModel::refreshed);
        m_scripts->refresh();
        QVERIFY(refreshed.wait(SlowMs));
        QCOMPARE(combo->placeholderText(), u"Choose a script…"_s);
        QVERIFY(!run->isEnabled());

        combo->setCurrentIndex(combo->findText(u"greet"_s));
        QVERIFY(run->isEnabled());
        m_scripts->refresh();
        QVERIFY(refreshed.wait(SlowMs));
        QCOMPARE(combo->currentText(), u"greet"_s); // the choice survives a refresh
        QVERIFY(run->isEnabled());
        combo->setCurrentIndex(-1);
        QVERIFY(!run->isEnabled());
    }

    void runAScript()
    {
        auto *combo = child<QComboBox>("scriptCombo");
        QTRY_VERIFY_WITH_TIMEOUT(combo->findText(u"greet"_s) >= 0, SlowMs);
        combo->setCurrentIndex(combo->findText(u"greet"_s));
        child<QLineEdit>("scriptArgumentsEdit")->setText(u"\"big world\" two"_s);
        QTRY_VERIFY(child<QPushButton>("runScriptButton")->isEnabled());
        QTest::mouseClick(child<QPushButton>("runScriptButton"), Qt::LeftButton);
        auto *scriptOutput = child<QPlainTextEdit>("scriptOutput");
        QTRY_VERIFY_WITH_TIMEOUT(scriptOutput->toPlainText().contains(u"hello big world"_s),
                                 SlowMs);
        QVERIFY(scriptOutput->toPlainText().contains(u"args: 2"_s));
        QCOMPARE(child<QLabel>("scriptExitLabel")->text(), tr("✗ exit 3"));

        screenshot(m_panel.get(), u"console.png"_s);
    }

    void eachSpaceHasItsOwnConsole()
    {
        auto *edit = child<QLineEdit>("commandEdit");
        auto *scriptOutput = child<QPlainTextEdit>("scriptOutput");
        QVERIFY(output().contains(u"hello"_s));
        m_panel->setSpace(m_otherId, u"console-other"_s, true);
        QVERIFY(!output().contains(u"hello"_s));
        QVERIFY(scriptOutput->toPlainText().isEmpty());
        QVERIFY(child<QLabel>("scriptExitLabel")->text().isEmpty());
        type(u"echo only-in-other"_s);
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"\nonly-in-other"_s), SlowMs);
        // A line typed but not run stays with its space.
        edit->setFocus();
        QTest::keyClicks(edit, u"echo half-typed"_s);
        m_panel->setSpace(m_spaceId, u"console-space"_s, true);
        QVERIFY(edit->text().isEmpty());
        QVERIFY(output().contains(u"hello"_s));
        QVERIFY(!output().contains(u"only-in-other"_s));
        QVERIFY(scriptOutput->toPlainText().contains(u"hello big world"_s));
        m_panel->setSpace(m_otherId, u"console-other"_s, true);
        QCOMPARE(edit->text(), u"echo half-typed"_s);
        edit->clear();
        m_panel->setSpace(m_spaceId, u"console-space"_s, true);
    }

    void colouredOutputAndCarriageReturns()
    {
        type(u"printf '\\033[31mred\\033[0m plain\\n'; printf 'bar 10%%\\rbar 100%%\\n'"_s);
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"red plain"_s), SlowMs);
        QVERIFY(output().contains(u"\nbar 100%"_s));
        QVERIFY(!output().contains(u"bar 10%\n"_s));
        QVERIFY(output().contains(u"\nred plain"_s));
        QVERIFY(!output().contains(u"\x1b"_s));
        screenshot(m_panel.get(), u"console-colours.png"_s);
    }

    void hugeOutputShowsItsEnd()
    {
        // Streamed: the oldest lines are cut from the view as more arrive.
        type(u"seq 1 5000; head -c 70000 /dev/zero | tr '\\0' x; echo; echo the-end"_s);
        QTRY_VERIFY_WITH_TIMEOUT(output().contains(u"\nthe-end"_s), SlowMs);
        QVERIFY(output().contains(u"earlier lines not shown"_s));
        QVERIFY(!output().contains(u"\n10\n11\n"_s));
        screenshot(m_panel.get(), u"console-huge-output.png"_s);
        QTest::mouseClick(child<QToolButton>("copyConsoleButton"), Qt::LeftButton);
        QVERIFY(QGuiApplication::clipboard()->text().contains(QString(70000, u'x')));
        QVERIFY(QGuiApplication::clipboard()->text().contains(u"\n10\n11\n"_s));
    }

    void splitArguments_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("empty") << u""_s << QStringList();
        QTest::newRow("blanks") << u"  a   b "_s << QStringList{u"a"_s, u"b"_s};
        QTest::newRow("double quotes") << u"\"a b\" c"_s << QStringList{u"a b"_s, u"c"_s};
        QTest::newRow("single quotes") << u"'a \"b\"' c"_s << QStringList{u"a \"b\""_s, u"c"_s};
        QTest::newRow("empty quoted") << u"\"\" x"_s << QStringList{QString(), u"x"_s};
        QTest::newRow("escaped blank") << u"a\\ b"_s << QStringList{u"a b"_s};
        QTest::newRow("glued") << u"--name=\"x y\""_s << QStringList{u"--name=x y"_s};
    }
    void splitArguments()
    {
        QFETCH(QString, line);
        QFETCH(QStringList, arguments);
        QCOMPARE(ConsolePanel::splitArguments(line), arguments);
    }

    void copyAndClear()
    {
        QTest::mouseClick(child<QToolButton>("copyConsoleButton"), Qt::LeftButton);
        QVERIFY(QGuiApplication::clipboard()->text().contains(u"$ echo hello\nhello"_s));
        QTest::mouseClick(child<QToolButton>("clearConsoleButton"), Qt::LeftButton);
        // Only this space's transcript: the other space keeps its own.
        for (int row = 0; row < m_model->rowCount(); ++row)
            QCOMPARE(m_model->entryAt(row).spaceId, m_otherId);
        QVERIFY(m_model->rowCount() > 0);
        QTRY_VERIFY(output().isEmpty());
        QVERIFY(!child<QToolButton>("clearConsoleButton")->isEnabled());
    }

    void stoppedSpaceGetsASentence()
    {
        m_panel->setSpace(m_spaceId, u"console-space"_s, false);
        QVERIFY(child<QLabel>("consoleStateLabel")->isVisible());
        QVERIFY(child<QLabel>("consoleStateLabel")->text().contains(u"not running"_s));
        QVERIFY(!child<QLineEdit>("commandEdit")->isEnabled());
        QVERIFY(!child<QPushButton>("runScriptButton")->isEnabled());
        screenshot(m_panel.get(), u"console-stopped-space.png"_s);
        m_panel->setSpace({}, {}, false);
        QVERIFY(child<QLabel>("consoleStateLabel")->text().contains(u"Select a space"_s));
    }

    void cleanupTestCase()
    {
        m_panel.reset();
        m_runner.reset();
        m_scripts.reset();
        m_console.reset();
        m_tester.reset();
        m_model.reset();
        m_client.reset();
        m_server.reset();
    }
};

QTEST_MAIN(ConsolePanelTest)
#include "tst_consolepanel.moc"
