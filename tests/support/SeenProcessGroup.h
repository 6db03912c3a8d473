#pragma once

#include <QString>
#include <QtGlobal>

namespace spaces::test {

// A process group a test saw (a space's services), to SIGKILL at clean-up only while its
// number still names that group. Linux hands a group's number to a new process once the
// whole group has gone, and on a machine with pid_max 32768 a test suite wraps around in
// minutes: a bare kill(-pgid) at the end of one test can end another test's space.
class SeenProcessGroup final
{
public:
    SeenProcessGroup() = default;

    // The group as it is now: its leader's start time if the leader is alive.
    static SeenProcessGroup now(qint64 group);
    // The group a server recorded with the backend's handle: the leader's start time is in
    // the handle ("sandbox:<init>/<pgid>:<start>", "group:<pgid>:<start>"); else as now().
    static SeenProcessGroup recorded(qint64 group, const QString &handle);

    qint64 group() const { return m_group; }
    // True while the number is still this group's: its leader is the same process, or no
    // process holds the number (so nobody else can lead a group by it).
    bool isStillTheSame() const;
    // SIGKILL to the group if it is still the same; true if a signal was sent.
    bool kill() const;

    // Field 22 of /proc/<pid>/stat, 0 when there is no such process.
    static quint64 startTimeOf(qint64 pid);

private:
    qint64 m_group = 0;
    quint64 m_leaderStart = 0; // 0: the leader was already gone when the group was seen
};

} // namespace spaces::test
