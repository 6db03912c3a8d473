// bench_console: 100,000 lines of command output streamed into the console's transcript
// (ConsoleModel::appendOutput + ConsoleTranscript on a shown QTextBrowser, offscreen), in
// 64 KiB chunks as RunStream hands them over, one chunk per event-loop turn, then the entry's
// end. Measured: the longest event-loop stall (lateness of a 1 ms precise timer) and the total
// time, against the anchor: the same text appended to a plain QPlainTextEdit in one go.
//   cmake --build build --target bench_console && QT_QPA_PLATFORM=offscreen
//   ./build/bench/bench_console [lines] [runs]
#include "ConsoleModel.h"
#include "ConsoleTranscript.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QTextBrowser>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace spaces;
using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype ChunkChars = 64 * 1024;

// Lines like a build's: a counter, some text, a coloured word now and then.
QString workload(int lines)
{
    QString text;
    text.reserve(qsizetype(lines) * 48);
    for (int i = 1; i <= lines; ++i) {
        text += u"line "_s + QString::number(i) + u": compiling module "_s;
        text += i % 10 == 0 ? u"\x1b[32mok\x1b[0m\n"_s : u"src/file.cpp\n"_s;
    }
    return text;
}

struct Result
{
    double totalMs = 0;
    double longestStallMs = 0;
    double p99StallMs = 0;
};

// Runs `feed` (one step per turn, false when done) on an event loop with a 1 ms heartbeat.
template<typename Feed> Result measure(Feed feed)
{
    QEventLoop loop;
    std::vector<qint64> gapsNs;
    gapsNs.reserve(1 << 16);
    QElapsedTimer sinceTick;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(1);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        gapsNs.push_back(sinceTick.nsecsElapsed());
        sinceTick.start();
    });
    QTimer step;
    step.setInterval(0);
    QElapsedTimer clock;
    QObject::connect(&step, &QTimer::timeout, [&] {
        if (!feed()) {
            step.stop();
            // A few more turns so that what the last step scheduled (sync, paint) is done.
            QTimer::singleShot(20, &loop, &QEventLoop::quit);
        }
    });
    clock.start();
    sinceTick.start();
    ticker.start();
    step.start();
    loop.exec();
    ticker.stop();
    gapsNs.push_back(sinceTick.nsecsElapsed());
    std::sort(gapsNs.begin(), gapsNs.end());
    const auto lateness = [](qint64 gapNs) {
        return std::max<qint64>(0, gapNs - 1'000'000) / 1e6;
    };
    return {(clock.nsecsElapsed() - 20'000'000) / 1e6, lateness(gapsNs.back()),
            lateness(gapsNs[gapsNs.size() * 99 / 100])};
}

Result runTranscript(const QString &text)
{
    ConsoleModel model;
    QTextBrowser view;
    view.resize(900, 600);
    view.show();
    ConsoleTranscript transcript(model, view);
    transcript.setSpace(u"bench"_s);
    ConsoleEntry entry;
    entry.spaceId = u"bench"_s;
    entry.commandLine = u"make -j2"_s;
    entry.state = ConsoleEntry::State::Running;
    entry.streamed = true;
    const quint64 id = model.append(entry);
    QApplication::processEvents();
    qsizetype at = 0;
    bool ended = false;
    return measure([&] {
        if (at < text.size()) {
            model.appendOutput(id, text.mid(at, ChunkChars));
            at += ChunkChars;
            return true;
        }
        if (!ended) {
            ConsoleEntry done = *model.entry(id);
            done.state = ConsoleEntry::State::Succeeded;
            done.exitCode = 0;
            model.update(done);
            ended = true;
            return true;
        }
        return false;
    });
}

Result runPlainTextEdit(const QString &text)
{
    QPlainTextEdit view;
    view.resize(900, 600);
    view.show();
    QApplication::processEvents();
    bool done = false;
    return measure([&] {
        if (done)
            return false;
        view.appendPlainText(text);
        done = true;
        return true;
    });
}

struct Series
{
    std::vector<double> values;
    void add(double value) { values.push_back(value); }
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
    QApplication app(argc, argv);
    const int lines = argc > 1 ? std::max(1, std::atoi(argv[1])) : 100000;
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    const QString text = workload(lines);
    std::printf("%d lines, %.1f MB of text, %d runs, interleaved; median [min-max]\n", lines,
                double(text.size()) / 1e6, runs);
    Series anchorTotal, anchorStall, total, stall, p99;
    for (int run = 0; run < runs; ++run) {
        const Result anchor = runPlainTextEdit(text);
        anchorTotal.add(anchor.totalMs);
        anchorStall.add(anchor.longestStallMs);
        const Result streamed = runTranscript(text);
        total.add(streamed.totalMs);
        stall.add(streamed.longestStallMs);
        p99.add(streamed.p99StallMs);
    }
    std::printf("anchor  QPlainTextEdit::appendPlainText in one go: total %.0f ms [%.0f-%.0f], "
                "longest stall %.0f ms [%.0f-%.0f]\n",
                anchorTotal.median(), anchorTotal.min(), anchorTotal.max(), anchorStall.median(),
                anchorStall.min(), anchorStall.max());
    std::printf("console ConsoleTranscript, streamed in 64 KiB chunks: total %.0f ms [%.0f-%.0f], "
                "longest stall %.1f ms [%.1f-%.1f], p99 %.1f ms\n",
                total.median(), total.min(), total.max(), stall.median(), stall.min(), stall.max(),
                p99.median());
    std::printf("stall console/anchor %.2f, total console/anchor %.2f\n",
                stall.median() / anchorStall.median(), total.median() / anchorTotal.median());
    return 0;
}
