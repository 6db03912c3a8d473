#pragma once

#include "UniqueFd.h"

#include <QString>
#include <QtGlobal>
#include <chrono>
#include <optional>

namespace spaces {

// One process named so that a later server can find it again without mistaking a recycled
// pid for it: its pid and its start time (field 22 of /proc/<pid>/stat). Waiting and
// signalling go through a pidfd, so once the process is identified no other process can
// be hit. Reads one /proc entry by pid; never scans /proc. Thread-safe.
class PidHandle final
{
public:
    PidHandle() = default;
    PidHandle(qint64 pid, quint64 startTime)
        : m_pid(pid)
        , m_startTime(startTime)
    {}

    // The handle of a live process, or nullopt when it is gone.
    static std::optional<PidHandle> of(qint64 pid);
    // "<pid>:<start time>"; parse() reads it back.
    QString toString() const;
    static std::optional<PidHandle> parse(QStringView text);

    qint64 pid() const { return m_pid; }
    // True while this very process exists and is not a zombie.
    bool isAlive() const;
    // SIGKILL through a pidfd, if it is still this process.
    void kill() const;
    // Waits (poll on a pidfd, no sleeping in steps) until the process has ended or `limit`
    // passed; true when it is gone.
    bool waitForExit(std::chrono::milliseconds limit) const;
    // A pidfd that becomes readable when this process ends, for an event loop to watch
    // instead of polling; invalid when the process is already gone.
    UniqueFd exitNotifier() const;

private:
    qint64 m_pid = 0;
    quint64 m_startTime = 0;
};

} // namespace spaces
