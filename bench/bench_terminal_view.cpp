// bench_terminal_view: what the Terminal tab's widget costs when a program floods it. The
// bytes of `seq 1 1000000` and of `yes | head -c 10M` (50M as an argument; with the PTY's "\n" ->
// "\r\n") go, in 64 KiB frames as spacesd sends them, through the app's own path:
// TerminalConnection's outputReceived signal into a TerminalSession (its per-turn feed slices),
// TerminalScreen (libvterm and the scrollback) and a shown 120x40 TerminalView that repaints what
// is damaged. Frames arrive in bursts of a few per event-loop wake-up, as a socket read of a full
// buffer gives them. Measured: MB/s until the last byte is on screen, and the longest event-loop
// stall meanwhile (the worst lateness of a 1 ms precise timer).
//
// The anchor, in the same run, interleaved: the same frames written to a bare libvterm VTerm
// with its screen layer (vterm_input_write, no callbacks, no Qt). Each workload is repeated;
// the median, min and max are printed with the widget/anchor ratio.
//
//   cmake --build build --target bench_terminal_view &&
//   QT_QPA_PLATFORM=offscreen ./build/bench/bench_terminal_view [runs] [yes MiB] [frames/burst]
#include "BareVterm.h"
#include "SizedSession.h"
#include "StallProbe.h"
#include "TerminalConnection.h"
#include "TerminalScreen.h"
#include "TerminalSession.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace spaces;
using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype FrameBytes = 64 * 1024;
constexpr int Rows = 40;
constexpr int Columns = 120;
// The title the stream ends with: when the screen reports it, every byte before it is parsed.
const QByteArray DoneMarker = "\x1b]0;bench-done\x07";

struct Workload
{
    const char *name;
    std::vector<QByteArray> frames;
    qint64 bytes = 0;
};

Workload makeWorkload(const char *name, const QByteArray &stream)
{
    Workload workload{name, {}, stream.size()};
    for (qsizetype at = 0; at < stream.size(); at += FrameBytes)
        workload.frames.push_back(stream.mid(at, FrameBytes));
    return workload;
}

QByteArray seqOutput(int last)
{
    QByteArray out;
    out.reserve(qsizetype(last) * 9);
    for (int i = 1; i <= last; ++i) {
        out += QByteArray::number(i);
        out += "\r\n";
    }
    return out;
}

QByteArray yesOutput(qint64 bytes)
{
    // `yes | head -c N` writes "y\n" pairs; the terminal's line discipline sends "y\r\n".
    QByteArray out;
    out.reserve(bytes + bytes / 2);
    for (qint64 i = 0; i < bytes / 2; ++i)
        out += "y\r\n";
    return out;
}

struct Result
{
    double mbPerSecond = 0;
    double longestStallMs = 0;
    double p99StallMs = 0; // a machine shared with builds deschedules now and then: the
                           // 99th percentile tells a habit from a one-off
};

// The app's path, with the event loop running and the view shown.
Result runWidget(const Workload &workload, int framesPerBurst)
{
    TerminalSession session(ConnectionSettings{}, u"bench"_s, u"bash"_s);
    bench::showSized(session, Columns, Rows);

    QEventLoop loop;
    QElapsedTimer clock;
    bench::StallProbe stalls;

    // A burst of frames per wake-up, as the socket's readyRead hands them over.
    std::size_t next = 0;
    QTimer socket;
    socket.setInterval(0);
    QObject::connect(&socket, &QTimer::timeout, [&] {
        for (int i = 0; i < framesPerBurst && next < workload.frames.size(); ++i)
            Q_EMIT session.connection()->outputReceived(workload.frames[next++]);
        if (next == workload.frames.size()) {
            socket.stop();
            Q_EMIT session.connection()->outputReceived(DoneMarker);
        }
    });
    qint64 doneNs = 0;
    QObject::connect(&session.screen(), &TerminalScreen::titleChanged, [&] {
        doneNs = clock.nsecsElapsed();
        // One more turn so that the repaint the last bytes asked for is done too.
        QTimer::singleShot(0, &loop, [&] {
            QApplication::processEvents();
            doneNs = clock.nsecsElapsed();
            loop.quit();
        });
    });
    clock.start();
    stalls.start();
    socket.start();
    loop.exec();
    stalls.stop();
    return {workload.bytes / (doneNs / 1e9) / 1e6, stalls.longestMs(), stalls.p99Ms()};
}

struct Series
{
    std::vector<double> values;
    void add(double v) { values.push_back(v); }
    double median() const
    {
        std::vector<double> sorted = values;
        std::sort(sorted.begin(), sorted.end());
        return sorted[sorted.size() / 2];
    }
    double min() const { return *std::min_element(values.begin(), values.end()); }
    double max() const { return *std::max_element(values.begin(), values.end()); }
};

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    const qint64 yesMiB = argc > 2 ? std::max(1, std::atoi(argv[2])) : 10;
    const int framesPerBurst = argc > 3 ? std::max(1, std::atoi(argv[3])) : 4;

    const QByteArray yesName = "yes | head -c " + QByteArray::number(yesMiB) + "M";
    const std::vector<Workload> workloads{
        makeWorkload("seq 1 1000000", seqOutput(1000000)),
        makeWorkload(yesName.constData(), yesOutput(yesMiB * 1024 * 1024)),
    };
    std::printf("bench_terminal_view: %d runs, %dx%d view, %lld-byte frames, %d per wake-up\n",
                runs, Columns, Rows, static_cast<long long>(FrameBytes), framesPerBurst);
    for (const Workload &workload : workloads) {
        Series anchor, widget, stall, p99, idleStall, idleP99, busyStall, busyP99;
        for (int run = 0; run < runs; ++run) {
            // Interleaved: a slow moment of the machine hits both sides.
            anchor.add(bench::bareVtermMbPerSecond(workload.frames, Columns, Rows));
            const Result result = runWidget(workload, framesPerBurst);
            widget.add(result.mbPerSecond);
            stall.add(result.longestStallMs);
            p99.add(result.p99StallMs);
            const auto widgetMs = qint64(workload.bytes / result.mbPerSecond / 1e3);
            const bench::StallFigures idle = bench::StallProbe::control(widgetMs, false);
            idleStall.add(idle.longestMs);
            idleP99.add(idle.p99Ms);
            const bench::StallFigures busy = bench::StallProbe::control(widgetMs, true);
            busyStall.add(busy.longestMs);
            busyP99.add(busy.p99Ms);
        }
        std::printf(
            "%-18s %7.1f MB  bare vterm %7.1f MB/s [%.1f-%.1f]  widget %7.1f MB/s "
            "[%.1f-%.1f]  widget/bare %.2f  longest stall %.1f ms [%.1f-%.1f]  p99 %.1f ms  "
            "idle loop: longest %.1f ms, p99 %.1f ms  busy loop: longest %.1f ms, p99 %.1f ms\n",
            workload.name, workload.bytes / 1e6, anchor.median(), anchor.min(), anchor.max(),
            widget.median(), widget.min(), widget.max(), widget.median() / anchor.median(),
            stall.median(), stall.min(), stall.max(), p99.median(), idleStall.median(),
            idleP99.median(), busyStall.median(), busyP99.median());
    }
    return 0;
}
