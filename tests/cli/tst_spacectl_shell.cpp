// `spacectl shell` against a real spacesd and a real sandboxed space, driven on a PTY of the
// test's own as a user's terminal would drive it: raw mode while it runs and the terminal's
// modes restored after (also when killed by SIGTERM), the window size sent at start and on
// SIGWINCH, the shell's exit status as spacectl's, a program after "--", and sentences
// when stdin is not a terminal or the space is not running.
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"
#include "SpacectlOnPty.h"
#include "SpacectlRunner.h"

#include <QElapsedTimer>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

bool sameModes(const termios &a, const termios &b)
{
    return a.c_iflag == b.c_iflag && a.c_oflag == b.c_oflag && a.c_lflag == b.c_lflag &&
           a.c_cflag == b.c_cflag;
}

} // namespace

class SpacectlShellTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
        QVERIFY(!m_server.createSpace(u"term"_s, u"blank"_s).isEmpty());
        QCOMPARE(m_server.startSpace(u"term"_s), 200);
        QVERIFY(!m_server.createSpace(u"idle"_s, u"blank"_s).isEmpty());
        m_environment =
            SpacectlRunner::serverEnvironment(m_server.process.url(), m_server.process.token());
    }

    void shellExitStatusIsSpacectlsAndTheTerminalIsRestored()
    {
        SpacectlOnPty terminal(100, 40);
        const termios before = terminal.modes();
        QVERIFY(terminal.start(SpacectlRunner::path(), {u"shell"_s, u"term"_s}, m_environment));
        QVERIFY2(terminal.waitForOutput("@term:~$ "), terminal.output().constData());
        terminal.type("stty size; echo $((6*7)); exit 3\r");
        QVERIFY2(terminal.waitForOutput("42"), terminal.output().constData());
        QCOMPARE(terminal.waitForExit(), 3);
        QVERIFY2(terminal.output().contains("40 100"), terminal.output().constData());
        QVERIFY(sameModes(terminal.modes(), before));
    }

    void windowChangeReachesTheShell()
    {
        SpacectlOnPty terminal(80, 24);
        QVERIFY(terminal.start(SpacectlRunner::path(), {u"shell"_s, u"term"_s}, m_environment));
        QVERIFY2(terminal.waitForOutput("@term:~$ "), terminal.output().constData());
        terminal.type("echo ready-$((1+1))\r");
        QVERIFY2(terminal.waitForOutput("ready-2"), terminal.output().constData());
        terminal.resize(132, 50);
        // SIGWINCH travels as a resize frame; look until the shell sees it.
        bool seen = false;
        QElapsedTimer waited;
        waited.start();
        while (!seen && waited.elapsed() < 10000) {
            terminal.type("stty size\r");
            seen = terminal.waitForOutput("50 132", 500);
        }
        QVERIFY2(seen, terminal.output().constData());
        terminal.type("exit\r");
        QCOMPARE(terminal.waitForExit(), 0);
    }

    void terminationRestoresTheTerminal()
    {
        SpacectlOnPty terminal(80, 24);
        const termios before = terminal.modes();
        QVERIFY(terminal.start(SpacectlRunner::path(), {u"shell"_s, u"term"_s}, m_environment));
        QVERIFY2(terminal.waitForOutput("@term:~$ "), terminal.output().constData());
        terminal.type("echo up-$((2+2))\r");
        QVERIFY2(terminal.waitForOutput("up-4"), terminal.output().constData());
        QVERIFY(!sameModes(terminal.modes(), before)); // raw while it runs
        terminal.signal(SIGTERM);
        QCOMPARE(terminal.waitForExit(), 128 + SIGTERM);
        QVERIFY(sameModes(terminal.modes(), before));
    }

    void runsAProgramAfterDashDash()
    {
        SpacectlOnPty terminal(80, 24);
        QVERIFY(terminal.start(
            SpacectlRunner::path(),
            {u"shell"_s, u"term"_s, u"--"_s, u"sh"_s, u"-c"_s, u"echo \"in $(tty)\"; exit 5"_s},
            m_environment));
        QCOMPARE(terminal.waitForExit(), 5);
        QVERIFY2(terminal.output().contains("in /dev/pts/"), terminal.output().constData());
    }

    void stoppedSpaceIsASentence()
    {
        SpacectlOnPty terminal(80, 24);
        QVERIFY(terminal.start(SpacectlRunner::path(), {u"shell"_s, u"idle"_s}, m_environment));
        QCOMPARE(terminal.waitForExit(), 3);
        QVERIFY2(terminal.output().contains("space 'idle' is not running"),
                 terminal.output().constData());
    }

    void stdinMustBeATerminal()
    {
        const SpacectlResult result = SpacectlRunner(m_environment).run({u"shell"_s, u"term"_s});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(u"stdin is not one"_s), result.describe().constData());
    }

    void cleanupTestCase() { m_server.process.killRecordedSpaces(); }

private:
    TestServer m_server;
    QProcessEnvironment m_environment;
};

QTEST_GUILESS_MAIN(SpacectlShellTest)
#include "tst_spacectl_shell.moc"
