// The Terminal tab end to end against the Knot simulator's terminal route (real shells on
// local PTYs with Knot's frames): type into a shell and read the screen, run vi and get the
// screen back, keep terminals per space, move one to a window, refuse politely.
#include "KnotSimulator.h"
#include "PanelScreenshot.h"
#include "TerminalFontSetting.h"
#include "TerminalPanel.h"
#include "TerminalScreen.h"
#include "TerminalSession.h"
#include "TerminalView.h"

#include <QComboBox>
#include <QFontDialog>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

// Whether a line of the screen (not the scrollback) reads exactly `text`.
bool screenHasLine(const TerminalScreen &screen, const QString &text)
{
    for (int row = 0; row < screen.rows(); ++row) {
        if (screen.lineText(screen.scrollbackCount() + row) == text)
            return true;
    }
    return false;
}

QString screenText(const TerminalScreen &screen)
{
    QStringList lines;
    for (int row = 0; row < screen.rows(); ++row)
        lines.append(screen.lineText(screen.scrollbackCount() + row));
    return lines.join(u'\n');
}

void type(TerminalSession *session, const QString &text)
{
    QTest::keyClicks(session->view(), text);
    QTest::keyClick(session->view(), Qt::Key_Return);
}

} // namespace

class TestTerminalPanel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void echoAndViOnARunningSpace();
    void terminalsStayWithTheirSpace();
    void stoppedSpaceOffersStart();
    void shellExitAndReconnect();
    void openInANewWindowKeepsTheShell();
    void noExternalTerminalIsASentence();
    void colouredLsAndTop();
    void fontSettingReachesEveryTerminalAndPersists();

private:
    QTemporaryDir m_config; // the font setting's QSettings, not the user's
    std::unique_ptr<KnotSimulator> m_knot;
    std::unique_ptr<TerminalPanel> m_panel;
    QString m_dev;
    QString m_web;
    QString m_off;
};

void TestTerminalPanel::initTestCase()
{
    QVERIFY(m_config.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
    QCoreApplication::setOrganizationName(u"SpacesDesktopTests"_s);
    QCoreApplication::setApplicationName(u"tst_terminalpanel"_s);
}

void TestTerminalPanel::init()
{
    m_knot = std::make_unique<KnotSimulator>();
    QVERIFY(m_knot->listen());
    m_dev = m_knot->addSpace(u"dev"_s, true);
    m_web = m_knot->addSpace(u"web"_s, true);
    m_off = m_knot->addSpace(u"off"_s, false);
    ConnectionSettings settings;
    settings.baseUrl = m_knot->url();
    settings.token = KnotSimulator::Token;
    m_panel = std::make_unique<TerminalPanel>(settings);
    m_panel->resize(900, 600);
}

void TestTerminalPanel::cleanup()
{
    if (m_panel)
        m_panel->fontSetting().resetToSystemFont();
    m_panel.reset();
    m_knot.reset();
}

void TestTerminalPanel::echoAndViOnARunningSpace()
{
    m_panel->setSpace(m_dev, u"dev"_s, true);
    m_panel->show(); // the first look opens a shell
    QCOMPARE(m_panel->terminals().size(), 1);
    TerminalSession *session = m_panel->currentTerminal();
    QTRY_COMPARE(session->state(), TerminalConnection::State::Connected);
    // The PTY has the view's size, not the 80x24 it started with.
    const TerminalScreen &screen = session->screen();
    type(session, u"stty size"_s);
    const QString size = u"%1 %2"_s.arg(screen.rows()).arg(screen.columns());
    QTRY_VERIFY2(screenHasLine(screen, size), qPrintable(screenText(screen)));
    QVERIFY(screen.columns() > 80);

    type(session, u"echo $((6*7))"_s);
    QTRY_VERIFY2(screenHasLine(screen, u"42"_s), qPrintable(screenText(screen)));
    // Everything up to the answer; the prompt line after it gets "vi" typed on it.
    QString before = screenText(screen);
    before.truncate(before.indexOf(u"\n42\n"_s) + 4);

    type(session, u"vi"_s);
    QTRY_VERIFY_WITH_TIMEOUT(screen.altScreen(), 10000);
    QTRY_VERIFY(!screenHasLine(screen, u"42"_s));
    type(session, u":q"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!screen.altScreen(), 10000);
    // The previous screen is back, with the prompt after it.
    QTRY_VERIFY2(screenText(screen).startsWith(before), qPrintable(screenText(screen)));
}

void TestTerminalPanel::terminalsStayWithTheirSpace()
{
    m_panel->setSpace(m_dev, u"dev"_s, true);
    m_panel->show();
    TerminalSession *first = m_panel->currentTerminal();
    auto *chooser = m_panel->findChild<QComboBox *>(u"terminalShellChooser"_s);
    chooser->setCurrentText(u"sh"_s);
    m_panel->findChild<QToolButton *>(u"terminalNewButton"_s)->click();
    QCOMPARE(m_panel->terminals().size(), 2);
    TerminalSession *second = m_panel->currentTerminal();
    QCOMPARE(second->shell(), u"sh"_s);
    QTRY_COMPARE(second->state(), TerminalConnection::State::Connected);
    type(second, u"printf '\\033]0;%s\\007' marker-title"_s);
    auto *tabs = qobject_cast<QTabWidget *>(second->parentWidget()->parentWidget());
    QVERIFY(tabs);
    QTRY_COMPARE(tabs->tabText(tabs->indexOf(second)), u"marker-title"_s);

    m_panel->setSpace(m_web, u"web"_s, true);
    QCOMPARE(m_panel->terminals().size(), 1); // web's own, opened as the tab is visible
    QVERIFY(!m_panel->terminals().contains(first));
    TerminalSession *web = m_panel->currentTerminal();
    QTRY_COMPARE(web->state(), TerminalConnection::State::Connected);
    QCOMPARE(m_knot->terminals().openSessions(), 3);

    m_panel->setSpace(m_dev, u"dev"_s, true);
    QCOMPARE(m_panel->terminals(), (QList<TerminalSession *>{first, second}));
    QCOMPARE(first->state(), TerminalConnection::State::Connected);
    type(second, u"echo still-$((40+2))"_s);
    QTRY_VERIFY(screenHasLine(second->screen(), u"still-42"_s));
}

void TestTerminalPanel::stoppedSpaceOffersStart()
{
    m_panel->setSpace(m_off, u"off"_s, false);
    m_panel->show();
    QVERIFY(m_panel->terminals().isEmpty());
    auto *label = m_panel->findChild<QLabel *>(u"terminalNotRunning"_s);
    QTRY_VERIFY(label->isVisible());
    QVERIFY2(label->text().contains(u"is not running"_s), qPrintable(label->text()));
    QSignalSpy start(m_panel.get(), &TerminalPanel::startRequested);
    m_panel->findChild<QPushButton *>(u"terminalStartButton"_s)->click();
    QCOMPARE(start.size(), 1);
    QCOMPARE(start.first().first().toString(), m_off);
}

void TestTerminalPanel::shellExitAndReconnect()
{
    m_panel->setSpace(m_dev, u"dev"_s, true);
    m_panel->show();
    TerminalSession *session = m_panel->currentTerminal();
    QTRY_COMPARE(session->state(), TerminalConnection::State::Connected);
    type(session, u"exit"_s);
    QTRY_COMPARE(session->state(), TerminalConnection::State::Ended);
    QTRY_VERIFY2(screenHasLine(session->screen(), u"[shell exited]"_s),
                 qPrintable(screenText(session->screen())));
    QCOMPARE(session->statusText(), u"The shell exited."_s);
    auto *again = session->findChild<QPushButton *>(u"terminalReconnect"_s);
    QVERIFY(again->isVisible());
    again->click();
    QTRY_COMPARE(session->state(), TerminalConnection::State::Connected);
    QVERIFY(!again->isVisible());

    m_knot->terminals().dropConnections();
    QTRY_COMPARE(session->state(), TerminalConnection::State::Failed);
    QVERIFY2(session->statusText().startsWith(u"Disconnected: The connection to the server"_s),
             qPrintable(session->statusText()));
    QCOMPARE(again->text(), u"Reconnect"_s);
    QVERIFY(again->isVisible());
}

void TestTerminalPanel::openInANewWindowKeepsTheShell()
{
    m_panel->setSpace(m_dev, u"dev"_s, true);
    m_panel->show();
    TerminalSession *session = m_panel->currentTerminal();
    QTRY_COMPARE(session->state(), TerminalConnection::State::Connected);
    type(session, u"X=kept"_s);
    std::unique_ptr<QWidget> window(m_panel->detachCurrent());
    QCOMPARE(window.get(), session);
    QVERIFY(window->isWindow());
    QVERIFY(window->isVisible());
    QVERIFY(m_panel->terminals().isEmpty());
    // The same shell: what was set before the move is still there.
    type(session, u"echo $X"_s);
    QTRY_VERIFY2(screenHasLine(session->screen(), u"kept"_s),
                 qPrintable(screenText(session->screen())));
    QCOMPARE(m_knot->terminals().sessionsStarted(), 1);
}

void TestTerminalPanel::noExternalTerminalIsASentence()
{
    m_panel->setSpace(m_dev, u"dev"_s, true);
    const QByteArray path = qgetenv("PATH");
    const QByteArray terminal = qgetenv("TERMINAL");
    qputenv("PATH", "/nonexistent");
    qunsetenv("TERMINAL");
    const bool opened = m_panel->openExternal();
    qputenv("PATH", path);
    if (!terminal.isEmpty())
        qputenv("TERMINAL", terminal);
    QVERIFY(!opened);
    m_panel->show();
    QVERIFY2(m_panel->message().startsWith(u"No terminal emulator found"_s),
             qPrintable(m_panel->message()));
}

void TestTerminalPanel::colouredLsAndTop()
{
    m_panel->resize(1100, 700);
    m_panel->setSpace(m_dev, u"dev"_s, true);
    m_panel->show();
    TerminalSession *session = m_panel->currentTerminal();
    QTRY_COMPARE(session->state(), TerminalConnection::State::Connected);
    const TerminalScreen &screen = session->screen();
    type(session,
         u"ls --color=always -F /usr/bin /etc | head -n 30 | column -c $COLUMNS; echo done"_s);
    QTRY_VERIFY2(screenHasLine(screen, u"done"_s), qPrintable(screenText(screen)));
    screenshot(m_panel.get(), u"terminal-ls.png"_s);

    QVERIFY(screenHasLine(screen, u"done"_s));
}

void TestTerminalPanel::fontSettingReachesEveryTerminalAndPersists()
{
    m_panel->setSpace(m_dev, u"dev"_s, true);
    m_panel->show();
    TerminalSession *first = m_panel->currentTerminal();
    QTRY_COMPARE(first->state(), TerminalConnection::State::Connected);
    m_panel->findChild<QToolButton *>(u"terminalNewButton"_s)->click();
    TerminalSession *second = m_panel->currentTerminal();
    QTRY_COMPARE(second->state(), TerminalConnection::State::Connected);
    std::unique_ptr<QWidget> window(m_panel->detachCurrent());
    const QSize before = first->view()->cellSize();
    QCOMPARE(first->view()->terminalFont().family(), TerminalFontSetting::systemFont().family());

    // The user picks a bigger font in the panel's font dialog.
    m_panel->findChild<QToolButton *>(u"terminalFontButton"_s)->click();
    auto *dialog = m_panel->findChild<QFontDialog *>(u"terminalFontDialog"_s);
    QVERIFY(dialog);
    QVERIFY(dialog->testOption(QFontDialog::MonospacedFonts));
    QFont bigger = TerminalFontSetting::systemFont();
    bigger.setPointSizeF(bigger.pointSizeF() + 8);
    dialog->setCurrentFont(bigger);
    dialog->accept();
    for (TerminalSession *session : {first, second}) {
        QCOMPARE(session->view()->terminalFont().pointSizeF(), bigger.pointSizeF());
        QVERIFY(session->view()->cellSize().height() > before.height());
    }
    // The shell is told the smaller size in cells.
    const TerminalScreen &screen = first->screen();
    type(first, u"stty size"_s);
    const QString size = u"%1 %2"_s.arg(screen.rows()).arg(screen.columns());
    QTRY_VERIFY2(screenHasLine(screen, size), qPrintable(screenText(screen)));

    // A new panel (the next start of the app) draws with it from its first terminal on.
    window.reset();
    m_panel.reset();
    ConnectionSettings settings;
    settings.baseUrl = m_knot->url();
    settings.token = KnotSimulator::Token;
    m_panel = std::make_unique<TerminalPanel>(settings);
    QCOMPARE(m_panel->fontSetting().font().pointSizeF(), bigger.pointSizeF());
    QVERIFY(!m_panel->fontSetting().isSystemFont());
    m_panel->setSpace(m_dev, u"dev"_s, true);
    m_panel->show();
    QCOMPARE(m_panel->currentTerminal()->view()->terminalFont().pointSizeF(), bigger.pointSizeF());
}

QTEST_MAIN(TestTerminalPanel)
#include "tst_terminalpanel.moc"
