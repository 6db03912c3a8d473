#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <vector>

namespace spaces::bench {

struct StallFigures
{
    double longestMs = 0;
    double p99Ms = 0;
};

// How late the event loop runs a 1 ms precise timer while something else happens on it: the
// longest lateness is the worst stall a user would feel, the 99th percentile tells a habit
// from a one-off descheduling on a machine shared with builds.
class StallProbe final
{
public:
    StallProbe();
    StallProbe(const StallProbe &) = delete;
    StallProbe &operator=(const StallProbe &) = delete;

    void start();
    void stop();

    // The control: the same timer for `durationMs` on an event loop with nothing else to do
    // or, `busy`, spinning 4 ms a turn (the terminal's feed budget), so that the process
    // competes for the CPU as a flooded terminal does. On a machine shared with builds the
    // scheduler alone makes stalls; what a workload adds is the difference.
    static StallFigures control(qint64 durationMs, bool busy);

    double longestMs() const;
    double p99Ms() const;
    StallFigures figures() const { return {longestMs(), p99Ms()}; }

private:
    static double latenessMs(qint64 gapNs);

    QTimer m_ticker;
    QElapsedTimer m_sinceTick;
    std::vector<qint64> m_gapsNs;
};

} // namespace spaces::bench
