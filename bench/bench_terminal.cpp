// bench_terminal: terminal output throughput through spacesd's terminal route, against the
// floor of a local PTY. In one run, `runs` times and interleaved:
//  - the floor: `cat` of a file (the space's home, seen from the host) on a PTY of this
//    process, its master read as fast as possible (64 KiB reads) until EIO;
//  - through spacesd: `cat` of the same file in a sandboxed space on the route's PTY
//    (?run=cat&run=FILE), read by a bare QWebSocket client in this process, from the upgrade
//    request to the close that follows cat's exit;
//  - into the widget: the app's Terminal tab (TerminalSession: TerminalConnection with its
//    back-pressure, libvterm's TerminalScreen, a shown 120x40 TerminalView, offscreen) on an
//    interactive bash in the space, which is told `cat FILE` and then a title sequence; timed
//    from the Enter to the title parsed and painted, with the longest event-loop stall and
//    the most output ever waiting unparsed meanwhile.
// All carry the same file (the PTY turns each \n into \r\n every time). The widget's own
// anchor, in the same run: those bytes, in 64 KiB frames, written to a bare libvterm (its
// screen layer, no callbacks, nothing drawn), the most any libvterm terminal could do here.
//
//   cmake --build build --target bench_terminal spacesd &&
//   QT_QPA_PLATFORM=offscreen ./build/bench/bench_terminal [MiB] [runs] [unbounded]
// "unbounded" adds a widget run without back-pressure, to show what it saves.
#include "BareVterm.h"
#include "ServerTestHelpers.h"
#include "SizedSession.h"
#include "SpaceTestKit.h"
#include "StallProbe.h"
#include "TerminalClient.h"
#include "TerminalConnection.h"
#include "TerminalScreen.h"
#include "TerminalSession.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

struct Run
{
    qint64 bytes = 0;
    double seconds = 0;
    double longestStallMs = 0;
    double p99StallMs = 0;
    qint64 mostUnparsed = 0; // bytes handed over by the connection and not yet parsed
    double mbPerSecond() const { return seconds > 0 ? double(bytes) / 1e6 / seconds : 0; }
};

constexpr int Columns = 120;
constexpr int Rows = 40;

Run localPty(const QByteArray &file)
{
    Run run;
    int master = -1;
    winsize size{24, 80, 0, 0};
    QElapsedTimer timer;
    timer.start();
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
    if (pid == 0) {
        ::execl("/bin/cat", "cat", file.constData(), static_cast<char *>(nullptr));
        ::_exit(127);
    }
    std::vector<char> buffer(64 * 1024);
    for (;;) {
        const ssize_t got = ::read(master, buffer.data(), buffer.size());
        if (got > 0)
            run.bytes += got;
        else if (got < 0 && errno == EINTR)
            continue;
        else
            break; // EIO: cat exited and the slave is closed
    }
    run.seconds = double(timer.nsecsElapsed()) / 1e9;
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(master);
    return run;
}

Run throughSpacesd(const TestServer &server, const QString &space)
{
    Run run;
    TerminalClient client(server.process.url(), server.process.token());
    QElapsedTimer timer;
    timer.start();
    if (!client.open(space, u"bash"_s, u"run=cat&run=big.txt"_s) ||
        !client.waitForDisconnected(600000)) {
        std::fprintf(stderr, "the terminal failed: %s\n", qPrintable(client.errorString()));
        return run;
    }
    run.seconds = double(timer.nsecsElapsed()) / 1e9;
    run.bytes = client.bytesReceived();
    return run;
}

// The app's Terminal tab on an interactive shell, as a user who types `cat big.txt` sees it.
Run intoWidget(const TestServer &server, const QString &space, bool backPressure)
{
    Run run;
    TerminalSession session(
        ConnectionSettings{server.process.url(), server.process.token(), std::chrono::seconds(30)},
        space, u"bash"_s);
    if (!backPressure)
        session.connection()->setBackPressure(-1);
    bench::showSized(session, Columns, Rows);
    {
        QEventLoop connecting;
        QObject::connect(&session, &TerminalSession::stateChanged, &connecting,
                         [&](TerminalConnection::State state) {
                             if (state != TerminalConnection::State::Connecting)
                                 connecting.quit();
                         });
        QTimer::singleShot(30000, &connecting, &QEventLoop::quit);
        session.open();
        connecting.exec();
    }
    if (session.state() != TerminalConnection::State::Connected) {
        std::fprintf(stderr, "the terminal did not connect: %s\n",
                     qPrintable(session.connection()->errorString()));
        return run;
    }

    QEventLoop loop;
    QObject::connect(&session, &TerminalSession::stateChanged, &loop, [&] {
        std::fprintf(stderr, "the terminal ended: %s\n",
                     qPrintable(session.connection()->errorString()));
        loop.quit();
    });
    QObject::connect(session.connection(), &TerminalConnection::outputReceived, &loop,
                     [&](const QByteArray &bytes) { run.bytes += bytes.size(); });
    QTimer sampler; // how far the parser is behind, now and then
    sampler.setInterval(5);
    QObject::connect(&sampler, &QTimer::timeout, [&] {
        run.mostUnparsed = std::max(run.mostUnparsed, session.connection()->unconsumed());
    });
    QElapsedTimer clock;
    qint64 doneNs = 0;
    QObject::connect(&session.screen(), &TerminalScreen::titleChanged, &loop, [&] {
        if (session.screen().title() != u"bench-done"_s)
            return;
        // One more turn so that the repaint the last bytes asked for is done too.
        QTimer::singleShot(0, &loop, [&] {
            QApplication::processEvents();
            doneNs = clock.nsecsElapsed();
            loop.quit();
        });
    });
    QTimer::singleShot(600000, &loop, &QEventLoop::quit);
    bench::StallProbe stalls;
    clock.start();
    stalls.start();
    sampler.start();
    session.connection()->sendInput("cat big.txt; printf '\\033]2;bench-done\\007'\r");
    loop.exec();
    stalls.stop();
    if (doneNs == 0) {
        std::fprintf(stderr, "the widget never showed the end of the file\n");
        return run;
    }
    run.seconds = double(doneNs) / 1e9;
    run.longestStallMs = stalls.longestMs();
    run.p99StallMs = stalls.p99Ms();
    return run;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const qint64 mebibytes = argc > 1 ? QByteArray(argv[1]).toLongLong() : 100;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
    const bool unbounded = argc > 3 && QByteArray(argv[3]) == "unbounded";
    TestServer server;
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "spacesd did not start: %s\n", qPrintable(error));
        return 1;
    }
    const QString id = server.createSpace(u"bench"_s, u"blank"_s);
    if (id.isEmpty() || server.startSpace(u"bench"_s) != 200) {
        std::fprintf(stderr, "could not start a space\n");
        return 1;
    }
    // Lines of 99 letters and a newline: text as a build log would print it.
    const QString make =
        u"head -c %1 /dev/zero | tr '\\0' a | fold -w 99 > big.txt; wc -c < big.txt"_s.arg(
            mebibytes * 1024 * 1024);
    const ApiReply made = server.api().post(u"/api/spaces/bench/run-command"_s,
                                            QJsonObject{{u"command"_s, make}, {u"timeout"_s, 300}});
    std::printf("file: %s bytes of text in the space's home\n",
                qPrintable(made.json.value(u"output"_s).toString().trimmed()));
    const QByteArray hostFile = QFile::encodeName(server.home(id) + u"/big.txt"_s);

    std::vector<QByteArray> frames; // the file as the PTY sends it, in the route's frames
    {
        QFile file(QString::fromLocal8Bit(hostFile));
        if (!file.open(QIODevice::ReadOnly))
            return 1;
        const QByteArray output = file.readAll().replace("\n", "\r\n");
        for (qsizetype at = 0; at < output.size(); at += 64 * 1024)
            frames.push_back(output.mid(at, 64 * 1024));
    }
    std::vector<double> floors, routes, widgets, bares, routeRatios, widgetRatios, bareRatios,
        stalls, p99s, busyStalls, busyP99s;
    std::printf("%-4s %10s %12s %7s %11s %7s %11s %11s %9s %7s %13s\n", "run", "local MB/s",
                "spacesd MB/s", "ratio", "widget MB/s", "ratio", "bare vterm", "widget/bare",
                "stall ms", "p99 ms", "most unparsed");
    for (int i = 0; i < runs; ++i) {
        const Run floor = localPty(hostFile);
        const Run route = throughSpacesd(server, u"bench"_s);
        const Run widget = intoWidget(server, u"bench"_s, true);
        bares.push_back(bench::bareVtermMbPerSecond(frames, Columns, Rows));
        bareRatios.push_back(widget.mbPerSecond() / bares.back());
        const bench::StallFigures busy =
            bench::StallProbe::control(qint64(widget.seconds * 1000), true);
        busyStalls.push_back(busy.longestMs);
        busyP99s.push_back(busy.p99Ms);
        floors.push_back(floor.mbPerSecond());
        routes.push_back(route.mbPerSecond());
        widgets.push_back(widget.mbPerSecond());
        routeRatios.push_back(route.mbPerSecond() / floor.mbPerSecond());
        widgetRatios.push_back(widget.mbPerSecond() / floor.mbPerSecond());
        stalls.push_back(widget.longestStallMs);
        p99s.push_back(widget.p99StallMs);
        std::printf("%-4d %10.1f %12.1f %7.3f %11.1f %7.3f %11.1f %11.2f %9.1f %7.1f %13lld\n",
                    i + 1, floor.mbPerSecond(), route.mbPerSecond(), routeRatios.back(),
                    widget.mbPerSecond(), widgetRatios.back(), bares.back(), bareRatios.back(),
                    widget.longestStallMs, widget.p99StallMs, widget.mostUnparsed);
        std::printf("     bytes: local %lld, spacesd %lld, widget %lld; control (a loop busy 4 ms "
                    "a turn, as long): longest %.1f ms, p99 %.1f ms\n",
                    floor.bytes, route.bytes, widget.bytes, busy.longestMs, busy.p99Ms);
        std::fflush(stdout);
    }
    std::printf("median: local PTY %.1f MB/s, through spacesd %.1f MB/s (%.3f), into the widget "
                "%.1f MB/s (%.3f; bare libvterm %.1f MB/s, widget/bare %.2f), longest stall "
                "%.1f ms, p99 %.1f ms (control: %.1f ms, p99 %.1f ms)\n",
                median(floors), median(routes), median(routeRatios), median(widgets),
                median(widgetRatios), median(bares), median(bareRatios), median(stalls),
                median(p99s), median(busyStalls), median(busyP99s));
    if (unbounded) {
        const Run widget = intoWidget(server, u"bench"_s, false);
        std::printf("without back-pressure: widget %.1f MB/s, longest stall %.1f ms, most "
                    "unparsed %lld bytes\n",
                    widget.mbPerSecond(), widget.longestStallMs, widget.mostUnparsed);
    }
    server.process.killRecordedSpaces();
    return 0;
}
