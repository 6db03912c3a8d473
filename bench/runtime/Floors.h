#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QString>
#include <sys/types.h>

namespace spaces::bench {

class PrivatePodman;

// The service of the local backends and of the fork+exec floor: holds a shared lock on
// held.lock (inherited by everything it starts, so a free lock proves all are gone), says it
// runs, then sleeps. A duration of its own, so leftovers would be recognisable.
inline const QString LocalCommand =
    QStringLiteral("exec 9>>held.lock; flock -s 9; echo up > up; exec sleep 7391");
// busybox has no flock: the container's end is checked by podman and by a scan for the sleep.
inline const QString PodmanCommand = QStringLiteral("echo up > up; exec sleep 7392");
inline const QByteArray PodmanSleeper = "7392";
// The container's first process, as the podman backend starts it: it runs the command and
// passes a stop's TERM on (a shell as pid 1 would ignore it, and every stop would take the
// whole grace period).
inline const QString PodmanInit =
    QStringLiteral("trap 'kill -TERM -1 2>/dev/null' TERM INT; /bin/sh -c \"$1\" & wait; wait");
inline const QString FloorContainer = QStringLiteral("spaces-bench-floor");
// The grace period spacesd is started with by SpacesdProcess (--stop-grace-ms 1000).
inline const QString GraceSeconds = QStringLiteral("1");

// One start and stop, in milliseconds. ack < 0: there is no acknowledgement apart from "up".
struct Sample
{
    double ack = -1;
    double up = 0;
    double stop = 0;
    QString failure; // empty: started, ran, stopped, and nothing was left
};

inline double milliseconds(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// Processes of this machine running `sleep <seconds>`: the host sees a container's processes.
int sleepers(const QByteArray &seconds);

// The floors, timed in this process. fork+exec of LocalCommand in `home`, then SIGTERM to
// its group and waitpid.
Sample forkExecFloor(const QString &home);
// bubblewrap alone with the sandbox's class of arguments around LocalCommand, as `uid`; stop
// is SIGTERM to its group, waitpid, and the namespace's init gone (a pidfd).
Sample bwrapFloor(const QString &bwrap, const QString &home, uid_t uid, gid_t gid);
// `podman run -d` of the image with PodmanCommand (ack: podman returned), then
// `podman stop -t GraceSeconds` and `podman rm`.
Sample podmanFloor(const PrivatePodman &podman, const QString &home);

} // namespace spaces::bench
