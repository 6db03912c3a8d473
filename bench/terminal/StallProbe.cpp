#include "StallProbe.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <algorithm>
#include <chrono>

namespace spaces::bench {

StallProbe::StallProbe()
{
    m_ticker.setTimerType(Qt::PreciseTimer);
    m_ticker.setInterval(1);
    QObject::connect(&m_ticker, &QTimer::timeout, [this] {
        m_gapsNs.push_back(m_sinceTick.nsecsElapsed());
        m_sinceTick.start();
    });
}

void StallProbe::start()
{
    m_gapsNs.clear();
    m_gapsNs.reserve(1 << 20);
    m_sinceTick.start();
    m_ticker.start();
}

void StallProbe::stop()
{
    m_ticker.stop();
    m_gapsNs.push_back(m_sinceTick.nsecsElapsed());
    std::sort(m_gapsNs.begin(), m_gapsNs.end());
}

StallFigures StallProbe::control(qint64 durationMs, bool busy)
{
    QEventLoop loop;
    QTimer work;
    work.setInterval(0);
    QObject::connect(&work, &QTimer::timeout, [] {
        QElapsedTimer spin;
        spin.start();
        while (spin.nsecsElapsed() < 4'000'000) {
        }
    });
    if (busy)
        work.start();
    StallProbe stalls;
    QTimer::singleShot(std::chrono::milliseconds(durationMs), &loop, &QEventLoop::quit);
    stalls.start();
    loop.exec();
    stalls.stop();
    return stalls.figures();
}

double StallProbe::longestMs() const
{
    return m_gapsNs.empty() ? 0 : latenessMs(m_gapsNs.back());
}

double StallProbe::p99Ms() const
{
    return m_gapsNs.empty() ? 0 : latenessMs(m_gapsNs[m_gapsNs.size() * 99 / 100]);
}

double StallProbe::latenessMs(qint64 gapNs)
{
    return double(std::max<qint64>(0, gapNs - 1'000'000)) / 1e6;
}

} // namespace spaces::bench
