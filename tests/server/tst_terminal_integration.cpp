// The terminal route (GET /proxy/spaces/{space}/terminal/{shell}) against a real spacesd with
// a real sandboxed space: every refusal is plain HTTP before the upgrade; the shell runs on a
// PTY inside the sandbox as a login shell, with job control, resizes and Ctrl-C; its exit
// closes the socket with "exit N"; closing the socket leaves nothing of it; a flood neither
// delays other requests nor piles up in the server while the client does not read.
#include "RawHttpConnection.h"
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"
#include "TerminalClient.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

// A client's masked binary frame (RFC 6455 5.3), for a connection no library reads from.
QByteArray maskedFrame(const QByteArray &payload)
{
    Q_ASSERT(payload.size() < 126);
    QByteArray frame;
    frame.append(char(0x82));
    frame.append(char(0x80 | payload.size()));
    const char mask[4] = {0x11, 0x22, 0x33, 0x44};
    frame.append(mask, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload[i] ^ mask[i % 4]));
    return frame;
}

QString run(const TestServer &server, const QString &space, const QString &command)
{
    return server.api()
        .post(u"/api/spaces/%1/run-command"_s.arg(space), QJsonObject{{u"command"_s, command}})
        .json.value(u"output"_s)
        .toString();
}

} // namespace

class TerminalIntegrationTest final : public QObject
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
    }

    void refusalsArePlainHttpBeforeTheUpgrade_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("withToken");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("sentence");
        QTest::newRow("no token") << u"/proxy/spaces/term/terminal/bash"_s << false << 401 << u""_s;
        QTest::newRow("unknown space")
            << u"/proxy/spaces/nosuch/terminal/bash"_s << true << 404 << u"not found"_s;
        QTest::newRow("stopped space")
            << u"/proxy/spaces/idle/terminal/bash"_s << true << 409 << u"Space is not running"_s;
        QTest::newRow("unknown shell")
            << u"/proxy/spaces/term/terminal/csh"_s << true << 400 << u"unknown shell 'csh'"_s;
    }
    void refusalsArePlainHttpBeforeTheUpgrade()
    {
        QFETCH(QString, path);
        QFETCH(bool, withToken);
        QFETCH(int, status);
        QFETCH(QString, sentence);
        const QString problem = RawHttpConnection::refusedUpgrade(
            m_server.process.url(), path, withToken ? m_server.process.token() : QString(), status,
            sentence);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void shellRunsOnItsOwnPtyInTheSandbox()
    {
        TerminalClient first(m_server.process.url(), m_server.process.token());
        TerminalClient second(m_server.process.url(), m_server.process.token());
        QVERIFY2(first.open(u"term"_s), qPrintable(first.errorString()));
        QVERIFY2(second.open(u"term"_s), qPrintable(second.errorString()));
        const QRegularExpression pts(u"(/dev/pts/\\d+)\\r\\n"_s);
        first.type("tty; echo \"$TERM $HOME\" $((20+1))\r");
        QVERIFY2(first.waitForOutput("21"), first.output().constData());
        second.type("tty; echo $((20+2))\r");
        QVERIFY2(second.waitForOutput("22"), second.output().constData());
        const QRegularExpressionMatch one = pts.match(QString::fromUtf8(first.output()));
        const QRegularExpressionMatch two = pts.match(QString::fromUtf8(second.output()));
        QVERIFY2(one.hasMatch() && two.hasMatch(), first.output().constData());
        QVERIFY(one.captured(1) != two.captured(1));
        QVERIFY(first.output().contains("xterm-256color /home/term"));
        // A login shell in the sandbox: the pid namespace's view, not the host's.
        first.clearOutput();
        first.type("shopt -q login_shell && echo login-$((1+1)); echo \"ppid $PPID\"\r");
        QVERIFY2(first.waitForOutput("login-2"), first.output().constData());
    }

    void resizeReachesTheShell()
    {
        TerminalClient terminal(m_server.process.url(), m_server.process.token());
        QVERIFY(terminal.open(u"term"_s));
        terminal.resize(123, 45);
        terminal.type("stty size\r");
        QVERIFY2(terminal.waitForOutput("45 123"), terminal.output().constData());
        terminal.resize(90, 30);
        terminal.type("stty size\r");
        QVERIFY2(terminal.waitForOutput("30 90"), terminal.output().constData());
    }

    void pythonReplRoundTrip()
    {
        TerminalClient terminal(m_server.process.url(), m_server.process.token());
        QVERIFY(terminal.open(u"term"_s));
        terminal.type("python3 -q\r");
        QVERIFY2(terminal.waitForOutput(">>> "), terminal.output().constData());
        terminal.clearOutput();
        terminal.type("print(6*7)\r");
        QVERIFY2(terminal.waitForOutput("42\r\n>>> "), terminal.output().constData());
        terminal.type("exit()\r");
        terminal.type("echo back-$((2+3))\r");
        QVERIFY2(terminal.waitForOutput("back-5"), terminal.output().constData());
    }

    void ctrlCInterruptsTheForegroundJob()
    {
        TerminalClient terminal(m_server.process.url(), m_server.process.token());
        QVERIFY(terminal.open(u"term"_s));
        // The marker comes from the job itself, so the job owns the terminal by then.
        terminal.type("sh -c 'echo $((1000+1)); exec sleep 100'\r");
        QVERIFY2(terminal.waitForOutput("1001"), terminal.output().constData());
        terminal.type("\x03");
        terminal.type("echo $((40+2))\r");
        QVERIFY2(terminal.waitForOutput("42"), terminal.output().constData());
    }

    void shellExitClosesTheSocketWithItsStatus()
    {
        TerminalClient terminal(m_server.process.url(), m_server.process.token());
        QVERIFY(terminal.open(u"term"_s));
        terminal.type("echo bye-$((3*3)); exit 3\r");
        QVERIFY(terminal.waitForDisconnected());
        QVERIFY2(terminal.output().contains("bye-9"), terminal.output().constData());
        QCOMPARE(terminal.closeCode(), 1000);
        QCOMPARE(terminal.closeReason(), u"exit 3"_s);
    }

    void runsOneProgramWhenAsked()
    {
        TerminalClient terminal(m_server.process.url(), m_server.process.token());
        QVERIFY(terminal.open(u"term"_s, u"bash"_s,
                              u"run=sh&run=-c&run=echo%20one%20program;%20exit%207"_s));
        QVERIFY(terminal.waitForDisconnected());
        QVERIFY2(terminal.output().contains("one program"), terminal.output().constData());
        QCOMPARE(terminal.closeReason(), u"exit 7"_s);
    }

    void closingTheSocketLeavesNoProcessBehind()
    {
        TerminalClient terminal(m_server.process.url(), m_server.process.token());
        QVERIFY(terminal.open(u"term"_s));
        terminal.type("sleep 1001 & echo pids-$$-$!-end\r");
        // The echo of the typed line shows "$$" itself; the answer shows numbers.
        const QRegularExpression pidsLine(u"pids-(\\d+)-(\\d+)-end"_s);
        QTRY_VERIFY2(pidsLine.match(QString::fromUtf8(terminal.output())).hasMatch(),
                     terminal.output().constData());
        const QRegularExpressionMatch pids = pidsLine.match(QString::fromUtf8(terminal.output()));
        const QString check =
            u"for p in %1 %2; do test -d /proc/$p && echo alive-$p; done; echo checked"_s.arg(
                pids.captured(1), pids.captured(2));
        QVERIFY(run(m_server, u"term"_s, check).contains(u"alive-"_s + pids.captured(1)));
        terminal.close();
        QTRY_VERIFY_WITH_TIMEOUT(run(m_server, u"term"_s, check) == u"checked\n"_s, 10000);
    }

    void floodDoesNotDelayOtherRequests()
    {
        TerminalClient terminal(m_server.process.url(), m_server.process.token());
        QVERIFY(terminal.open(u"term"_s));
        terminal.type("yes\r");
        QTRY_VERIFY(terminal.bytesReceived() > 1024 * 1024);
        qint64 slowest = 0;
        for (int i = 0; i < 20; ++i) {
            QElapsedTimer timer;
            timer.start();
            QCOMPARE(m_server.api().get(u"/api/ping"_s).status, 200);
            slowest = std::max(slowest, timer.elapsed());
        }
        qInfo() << "slowest /api/ping during a flood:" << slowest << "ms;"
                << terminal.bytesReceived() / 1024 << "KiB of output read";
        QVERIFY2(slowest < 500, qPrintable(u"%1 ms"_s.arg(slowest)));
        terminal.type("\x03");
    }

    void floodIsHeldBackWhileTheClientDoesNotRead()
    {
        RawHttpConnection connection(m_server.process.url(), 4096);
        QVERIFY(connection.send(RawHttpConnection::upgradeRequest(
            u"/proxy/spaces/term/terminal/bash"_s, m_server.process.token())));
        QCOMPARE(connection.readResponse().status, 101);
        QVERIFY(connection.send(maskedFrame("yes 0123456789abcdefghijklmnopqrstuvwxyz\r")));
        const qint64 before = m_server.process.memoryKiB("VmRSS");
        // The shell floods for as long as we look; the server may queue only a bounded
        // amount (its high-water mark plus the socket buffers), never the flood.
        qint64 peak = before;
        QElapsedTimer window;
        window.start();
        while (window.elapsed() < 1500) {
            QTest::qWait(50);
            peak = std::max(peak, m_server.process.memoryKiB("VmRSS"));
        }
        qInfo() << "spacesd RSS" << before << "KiB before," << peak << "KiB at most while unread";
        QVERIFY2(peak - before < 32 * 1024, qPrintable(u"grew by %1 KiB"_s.arg(peak - before)));
        // Paused, not dropped: it still delivers when read.
        qint64 read = 0;
        QVERIFY2(!connection.waitForClose(500, &read), "the server dropped a paused terminal");
        QVERIFY2(read > 64 * 1024, qPrintable(QString::number(read)));
        QCOMPARE(m_server.api().get(u"/api/ping"_s).status, 200);
    }

    void manualSpaceGetsAHostPty()
    {
        ApiReply reply;
        QVERIFY(!m_server
                     .createTemplate({{u"name"_s, u"unconfined"_s},
                                      {u"platform"_s, u"manual"_s},
                                      {u"startup_command"_s, u"exec sleep 1000"_s}},
                                     &reply)
                     .isEmpty());
        QVERIFY(!m_server.createSpace(u"plain"_s, u"unconfined"_s).isEmpty());
        QCOMPARE(m_server.startSpace(u"plain"_s), 200);
        TerminalClient terminal(m_server.process.url(), m_server.process.token());
        QVERIFY(terminal.open(u"plain"_s, u"sh"_s));
        terminal.type("tty; stty size; exit 4\r");
        QVERIFY(terminal.waitForDisconnected());
        QVERIFY2(QRegularExpression(u"/dev/pts/\\d+\\r\\n24 80"_s)
                     .match(QString::fromUtf8(terminal.output()))
                     .hasMatch(),
                 terminal.output().constData());
        QCOMPARE(terminal.closeReason(), u"exit 4"_s);
        QCOMPARE(m_server.stopSpace(u"plain"_s), 200);
    }

    void terminalsPerUserAreBounded()
    {
        std::vector<std::unique_ptr<TerminalClient>> open;
        for (int i = 0; i < 32; ++i) {
            open.push_back(
                std::make_unique<TerminalClient>(m_server.process.url(), m_server.process.token()));
            QVERIFY2(open.back()->open(u"term"_s), qPrintable(u"terminal %1"_s.arg(i + 1)));
        }
        RawHttpConnection refused(m_server.process.url());
        QVERIFY(refused.send(RawHttpConnection::upgradeRequest(
            u"/proxy/spaces/term/terminal/bash"_s, m_server.process.token())));
        const RawHttpConnection::Response response = refused.readResponse();
        QCOMPARE(response.status, 429);
        QVERIFY2(response.body.contains("at most 32 per user"), response.body.constData());
        // One closed (and its shell gone) makes room for another.
        open.front()->close();
        // Each try is a whole upgrade; QTRY_* would count its own steps, not the time taken.
        bool reopened = false;
        QElapsedTimer waited;
        waited.start();
        while (!reopened && waited.elapsed() < 10000) {
            TerminalClient another(m_server.process.url(), m_server.process.token());
            reopened = another.open(u"term"_s);
            if (!reopened)
                QTest::qWait(20); // the closed shell is being reaped: look again
        }
        QVERIFY(reopened);
    }

    void deadPeerIsClosedAfterTheIdleTimeout()
    {
        TestServer server;
        QString error;
        QVERIFY2(server.start(&error, {u"--idle-timeout-ms"_s, u"1000"_s}), qPrintable(error));
        QVERIFY(!server.createSpace(u"quiet"_s, u"blank"_s).isEmpty());
        QCOMPARE(server.startSpace(u"quiet"_s), 200);
        RawHttpConnection connection(server.process.url());
        QVERIFY(connection.send(RawHttpConnection::upgradeRequest(
            u"/proxy/spaces/quiet/terminal/bash"_s, server.process.token())));
        QCOMPARE(connection.readResponse().status, 101);
        // A peer that reads but never answers a ping: closed within the idle timeout or so.
        QElapsedTimer timer;
        timer.start();
        QVERIFY(connection.waitForClose(10000));
        QVERIFY2(timer.elapsed() >= 500, qPrintable(QString::number(timer.elapsed())));
        server.process.killRecordedSpaces();
    }

    void cleanupTestCase() { m_server.process.killRecordedSpaces(); }

private:
    TestServer m_server;
};

QTEST_GUILESS_MAIN(TerminalIntegrationTest)
#include "tst_terminal_integration.moc"
