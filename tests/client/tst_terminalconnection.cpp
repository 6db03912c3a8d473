// TerminalConnection against the Knot simulator's terminal route: real shells on real local
// PTYs behind a WebSocket with Knot's frames (tests/support PtyTerminalServer).
#include "FreePort.h"
#include "KnotSimulator.h"
#include "TerminalConnection.h"

#include <QSignalSpy>
#include <QtTest>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

// What a terminal printed so far.
struct Recorder
{
    // The output without escape sequences (the shell's bracketed paste switches, colours)
    // and carriage returns.
    QByteArray plain() const
    {
        static const QRegularExpression escape(
            u"\\x1b(\\[[0-9;?]*[ -/]*[@-~]|\\][^\\x07]*\\x07|[()][0-9A-Za-z])"_s);
        return QString::fromUtf8(output).remove(escape).remove(u'\r').toUtf8();
    }
    explicit Recorder(TerminalConnection &connection)
    {
        QObject::connect(&connection, &TerminalConnection::outputReceived, &connection,
                         [this](const QByteArray &bytes) { output += bytes; });
    }
    QByteArray output;
};

} // namespace

class TestTerminalConnection final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void urlFollowsTheServerScheme();
    void echoRoundTrip();
    void resizeReachesThePty();
    void shellExitEndsTheConnection();
    void closeHangsUpTheShell();
    void floodIsHeldUntilTheScreenCatchesUp();
    void networkLossFails();
    void refusalsCarryTheServersSentence_data();
    void refusalsCarryTheServersSentence();
    void unreachableServerFails();

private:
    ConnectionSettings settings(const QString &token = KnotSimulator::Token) const;

    std::unique_ptr<KnotSimulator> m_knot;
};

void TestTerminalConnection::init()
{
    m_knot = std::make_unique<KnotSimulator>();
    QVERIFY(m_knot->listen());
    m_knot->addSpace(u"dev"_s, true);
    m_knot->addSpace(u"off"_s, false);
}

void TestTerminalConnection::cleanup()
{
    m_knot.reset(); // hangs up every shell still running
}

ConnectionSettings TestTerminalConnection::settings(const QString &token) const
{
    ConnectionSettings settings;
    settings.baseUrl = m_knot->url();
    settings.token = token;
    return settings;
}

void TestTerminalConnection::urlFollowsTheServerScheme()
{
    ConnectionSettings plain;
    plain.baseUrl = QUrl(u"http://127.0.0.1:3000"_s);
    QCOMPARE(TerminalConnection(plain, u"my space"_s, u"bash"_s).url(),
             QUrl(u"ws://127.0.0.1:3000/proxy/spaces/my%20space/terminal/bash"_s));
    ConnectionSettings tls;
    tls.baseUrl = QUrl(u"https://knot.example.com/base/"_s);
    QCOMPARE(TerminalConnection(tls, u"a/b"_s, u"zsh"_s).url().toString(QUrl::FullyEncoded),
             u"wss://knot.example.com/base/proxy/spaces/a%2Fb/terminal/zsh"_s);
}

void TestTerminalConnection::echoRoundTrip()
{
    TerminalConnection terminal(settings(), u"dev"_s, u"bash"_s);
    Recorder recorder(terminal);
    QSignalSpy states(&terminal, &TerminalConnection::stateChanged);
    terminal.open(QSize(80, 24));
    QCOMPARE(terminal.state(), TerminalConnection::State::Connecting);
    QTRY_COMPARE(terminal.state(), TerminalConnection::State::Connected);
    terminal.sendInput("echo $((6*7))\r");
    QTRY_VERIFY2(recorder.plain().contains("\n42\n"), recorder.output.constData());
    QCOMPARE(m_knot->terminals().openSessions(), 1);
    QCOMPARE(states.first().first().value<TerminalConnection::State>(),
             TerminalConnection::State::Connecting);
}

void TestTerminalConnection::resizeReachesThePty()
{
    TerminalConnection terminal(settings(), u"dev"_s, u"sh"_s);
    Recorder recorder(terminal);
    terminal.open(QSize(100, 30)); // sent as the first frame once connected
    QTRY_COMPARE(terminal.state(), TerminalConnection::State::Connected);
    terminal.sendInput("stty size\r");
    QTRY_VERIFY2(recorder.output.contains("30 100"), recorder.output.constData());
    terminal.resize(QSize(132, 43));
    terminal.sendInput("stty size\r");
    QTRY_VERIFY2(recorder.output.contains("43 132"), recorder.output.constData());
}

void TestTerminalConnection::shellExitEndsTheConnection()
{
    TerminalConnection terminal(settings(), u"dev"_s, u"bash"_s);
    terminal.open(QSize(80, 24));
    QTRY_COMPARE(terminal.state(), TerminalConnection::State::Connected);
    terminal.sendInput("exit 3\r");
    QTRY_COMPARE(terminal.state(), TerminalConnection::State::Ended);
    QCOMPARE(terminal.errorString(), u"The shell exited."_s);
    QTRY_COMPARE(m_knot->terminals().openSessions(), 0);
}

void TestTerminalConnection::floodIsHeldUntilTheScreenCatchesUp()
{
    constexpr qint64 HighWater = 64 * 1024;
    TerminalConnection held(settings(), u"dev"_s, u"sh"_s);
    held.setBackPressure(HighWater);
    qint64 received = 0;
    qint64 mostUnconsumed = 0;
    connect(&held, &TerminalConnection::outputReceived, this, [&](const QByteArray &bytes) {
        received += bytes.size();
        mostUnconsumed = std::max(mostUnconsumed, held.unconsumed());
    });
    held.open(QSize(80, 24));
    QTRY_COMPARE(held.state(), TerminalConnection::State::Connected);
    held.sendInput("yes\r");
    QTRY_VERIFY(held.unconsumed() > HighWater);

    // Time passes while a second terminal reads 4 MiB of its own: the held one gets no more
    // than the mark and the frame that crossed it.
    TerminalConnection free(settings(), u"dev"_s, u"sh"_s);
    qint64 freeReceived = 0;
    connect(&free, &TerminalConnection::outputReceived, this,
            [&](const QByteArray &bytes) { freeReceived += bytes.size(); });
    free.open(QSize(80, 24));
    QTRY_COMPARE(free.state(), TerminalConnection::State::Connected);
    free.sendInput("yes | head -c 4194304 >/dev/tty\r");
    QTRY_VERIFY_WITH_TIMEOUT(freeReceived > 4 * 1024 * 1024, 30000);
    QVERIFY2(received <= HighWater + 128 * 1024, QByteArray::number(received).constData());
    QVERIFY(mostUnconsumed <= HighWater + 128 * 1024);

    // Ctrl+C reaches the shell, and once the screen has caught up the rest flows again.
    held.sendInput("\x03");
    QByteArray tail;
    connect(&held, &TerminalConnection::outputReceived, this, [&](const QByteArray &bytes) {
        held.consumed(bytes.size());
        tail = QByteArray(tail + bytes).right(4096);
    });
    held.consumed(received);
    held.sendInput("echo done-$((6*7))\r");
    QTRY_VERIFY_WITH_TIMEOUT(tail.contains("done-42"), 30000);
    QCOMPARE(held.state(), TerminalConnection::State::Connected);
}

void TestTerminalConnection::closeHangsUpTheShell()
{
    TerminalConnection terminal(settings(), u"dev"_s, u"bash"_s);
    Recorder recorder(terminal);
    terminal.open(QSize(80, 24));
    QTRY_COMPARE(terminal.state(), TerminalConnection::State::Connected);
    terminal.sendInput("echo pid=$$\r");
    QTRY_VERIFY2(recorder.plain().contains("\npid="), recorder.output.constData());
    const QByteArray plain = recorder.plain();
    const qsizetype at = plain.indexOf("\npid=") + 5;
    const pid_t pid = plain.mid(at, plain.indexOf('\n', at) - at).toInt();
    QVERIFY(pid > 0);
    terminal.close();
    QTRY_COMPARE(terminal.state(), TerminalConnection::State::Ended);
    QTRY_COMPARE(m_knot->terminals().openSessions(), 0);
    // Reaped: the pid names no process any more (or one that is not ours).
    QTRY_VERIFY(!QFileInfo::exists(u"/proc/%1/fd/0"_s.arg(pid)));
}

void TestTerminalConnection::networkLossFails()
{
    TerminalConnection terminal(settings(), u"dev"_s, u"bash"_s);
    terminal.open(QSize(80, 24));
    QTRY_COMPARE(terminal.state(), TerminalConnection::State::Connected);
    m_knot->terminals().dropConnections();
    QTRY_COMPARE(terminal.state(), TerminalConnection::State::Failed);
    QVERIFY2(terminal.errorString().startsWith(u"The connection to the server was lost"_s),
             qPrintable(terminal.errorString()));
}

void TestTerminalConnection::refusalsCarryTheServersSentence_data()
{
    QTest::addColumn<QString>("space");
    QTest::addColumn<QString>("token");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("no such space")
        << u"nope"_s << KnotSimulator::Token << 404
        << u"The server refused the terminal (HTTP 404): space not found"_s;
    QTest::newRow("stopped")
        << u"off"_s << KnotSimulator::Token << 400
        << u"The server refused the terminal (HTTP 400): Space is not running"_s;
    QTest::newRow("bad token")
        << u"dev"_s << u"wrong"_s << 401
        << u"The server refused the terminal (HTTP 401): Authentication token is not valid"_s;
}

void TestTerminalConnection::refusalsCarryTheServersSentence()
{
    QFETCH(QString, space);
    QFETCH(QString, token);
    QFETCH(int, status);
    QFETCH(QString, sentence);
    TerminalConnection terminal(settings(token), space, u"bash"_s);
    terminal.open(QSize(80, 24));
    QTRY_COMPARE(terminal.state(), TerminalConnection::State::Failed);
    QCOMPARE(terminal.refusedStatus(), status);
    QCOMPARE(terminal.errorString(), sentence);
    QCOMPARE(m_knot->terminals().sessionsStarted(), 0);
}

void TestTerminalConnection::unreachableServerFails()
{
    ConnectionSettings nowhere;
    nowhere.baseUrl = QUrl(u"http://127.0.0.1:%1"_s.arg(spaces::test::freeTcpPort()));
    TerminalConnection terminal(nowhere, u"dev"_s, u"bash"_s);
    terminal.open(QSize(80, 24));
    QTRY_COMPARE(terminal.state(), TerminalConnection::State::Failed);
    QVERIFY2(terminal.errorString().startsWith(u"The terminal could not connect: "_s),
             qPrintable(terminal.errorString()));
    QCOMPARE(terminal.refusedStatus(), 0);
}

QTEST_GUILESS_MAIN(TestTerminalConnection)
#include "tst_terminalconnection.moc"
