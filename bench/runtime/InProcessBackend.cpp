#include "InProcessBackend.h"

#include "ReadyFile.h"
#include "SpaceBackend.h"
#include "SpaceTestKit.h"

#include <QDir>
#include <QElapsedTimer>

namespace spaces::bench {

using spaces::test::isLockHeld;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

InProcessBackend::InProcessBackend(std::shared_ptr<const SpaceBackend> backend, QString label,
                                   QString root)
    : m_backend(std::move(backend))
    , m_label(std::move(label))
    , m_root(std::move(root))
{}

bool InProcessBackend::prepare(QString *error)
{
    for (const QString &folder : {u"home"_s, u"scratch"_s}) {
        if (!QDir().mkpath(m_root + u'/' + folder)) {
            *error = u"cannot make %1/%2"_s.arg(m_root, folder);
            return false;
        }
    }
    const Expected<void> handed =
        m_backend->handOver({m_root + u"/home"_s, m_root + u"/scratch"_s});
    if (!handed) {
        *error = handed.error().message;
        return false;
    }
    return true;
}

Sample InProcessBackend::measure() const
{
    Sample sample;
    const QString home = m_root + u"/home"_s;
    ReadyFile ready(home, u"up"_s);
    if (!ready.arm(&sample.failure))
        return sample;
    SpaceLaunch launch;
    launch.spaceId = u"bench-"_s + m_label;
    launch.spaceName = u"bench-"_s + m_label;
    launch.shellPath = u"/bin/sh"_s;
    launch.command = LocalCommand;
    launch.hostHome = home;
    launch.scratchDirectory = m_root + u"/scratch"_s;
    launch.logFile = m_root + u"/space.log"_s;
    launch.statusFile = m_root + u"/status.json"_s;
    const QString homeInside = m_backend->homeInside(launch.spaceName, home);
    launch.environment = {u"PATH=/usr/local/bin:/usr/bin:/bin"_s, u"HOME="_s + homeInside,
                          u"SPACE_ID="_s + launch.spaceId};
    QElapsedTimer timer;
    timer.start();
    Expected<LaunchedSpace> launched = m_backend->launch(launch);
    if (!launched) {
        sample.failure = u"launch: "_s + launched.error().message;
        return sample;
    }
    sample.ack = milliseconds(timer);
    if (launched->gate)
        launched->gate->release();
    if (!ready.waitUntilWritten(60s)) {
        m_backend->stop(launch.spaceId, launched->handle, 0ms);
        sample.failure = u"the command did not write up"_s;
        return sample;
    }
    sample.up = milliseconds(timer);
    timer.start();
    const bool stopped = m_backend->stop(launch.spaceId, launched->handle, 1000ms);
    sample.stop = milliseconds(timer);
    if (!stopped)
        sample.failure = u"stop() said the space is not gone"_s;
    else if (isLockHeld(home + u"/held.lock"_s))
        sample.failure = u"a process of the space outlived the stop"_s;
    else if (isLockHeld(launch.logFile))
        sample.failure = u"a launcher of the space outlived the stop"_s;
    return sample;
}

} // namespace spaces::bench
