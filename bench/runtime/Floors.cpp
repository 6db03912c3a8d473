#include "Floors.h"

#include "ChildProcess.h"
#include "PrivatePodman.h"
#include "ReadyFile.h"
#include "SpaceTestKit.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace spaces::bench {

using spaces::test::isLockHeld;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr auto UpLimit = 60s;

// The sandbox's class of arguments (namespaces, read-only system, private /tmp, the home
// bound read-write), run as the uid spacesd gives its spaces. bubblewrap's --info-fd names
// the namespace's init, which stop waits for (a pidfd), as spacesd does.
QStringList bwrapArguments(const QString &home)
{
    QStringList args{u"--die-with-parent"_s,
                     u"--unshare-user"_s,
                     u"--unshare-pid"_s,
                     u"--unshare-ipc"_s,
                     u"--unshare-uts"_s,
                     u"--unshare-cgroup-try"_s,
                     u"--hostname"_s,
                     u"bench"_s,
                     u"--cap-drop"_s,
                     u"ALL"_s,
                     u"--ro-bind"_s,
                     u"/usr"_s,
                     u"/usr"_s,
                     u"--ro-bind"_s,
                     u"/etc"_s,
                     u"/etc"_s};
    for (const char *top : {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) {
        const QString path = QString::fromLatin1(top);
        const QFileInfo info(path);
        if (info.isSymLink())
            args << u"--symlink"_s << info.symLinkTarget() << path;
        else if (info.isDir())
            args << u"--ro-bind"_s << path << path;
    }
    args << u"--proc"_s << u"/proc"_s << u"--dev"_s << u"/dev"_s << u"--tmpfs"_s << u"/tmp"_s
         << u"--dir"_s << u"/home"_s << u"--bind"_s << home << u"/home/bench"_s << u"--chdir"_s
         << u"/home/bench"_s << u"--info-fd"_s << u"3"_s << u"--"_s << u"/bin/sh"_s << u"-c"_s
         << LocalCommand;
    return args;
}

// The init's pid from bubblewrap's info ("child-pid": N), read once the service is up.
qint64 childPidFrom(int fd)
{
    QByteArray text;
    char chunk[512];
    while (!text.contains('}')) {
        const ssize_t got = ::read(fd, chunk, sizeof chunk);
        if (got <= 0)
            break;
        text.append(chunk, got);
    }
    static const QRegularExpression childPid(QStringLiteral("\"child-pid\"\\s*:\\s*(\\d+)"));
    const QRegularExpressionMatch match = childPid.match(QString::fromUtf8(text));
    return match.hasMatch() ? match.captured(1).toLongLong() : 0;
}

bool waitForPidfd(int pidfd, int timeoutMs)
{
    pollfd entry{pidfd, POLLIN, 0};
    int ready;
    do {
        ready = ::poll(&entry, 1, timeoutMs);
    } while (ready < 0 && errno == EINTR);
    return ready == 1;
}

} // namespace

int sleepers(const QByteArray &seconds)
{
    int count = 0;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        QFile file(u"/proc/"_s + entry + u"/cmdline"_s);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> args = file.readAll().split('\0');
        if (args.size() >= 2 && args[0].endsWith("sleep") && args[1] == seconds)
            ++count;
    }
    return count;
}

Sample forkExecFloor(const QString &home)
{
    Sample sample;
    ReadyFile ready(home, u"up"_s);
    if (!ready.arm(&sample.failure))
        return sample;
    ChildProcess child;
    QElapsedTimer timer;
    timer.start();
    ChildProcess::Options options;
    options.workingDirectory = home;
    if (!child.start(u"/bin/sh"_s, {u"-c"_s, LocalCommand}, options, &sample.failure))
        return sample;
    if (!ready.waitUntilWritten(UpLimit)) {
        sample.failure = u"the command did not write up"_s;
        return sample;
    }
    sample.up = milliseconds(timer);
    timer.start();
    child.terminateAndWait();
    sample.stop = milliseconds(timer);
    if (isLockHeld(home + u"/held.lock"_s))
        sample.failure = u"a process outlived kill+waitpid"_s;
    return sample;
}

Sample bwrapFloor(const QString &bwrap, const QString &home, uid_t uid, gid_t gid)
{
    Sample sample;
    ReadyFile ready(home, u"up"_s);
    if (!ready.arm(&sample.failure))
        return sample;
    int info[2];
    if (::pipe2(info, O_CLOEXEC) != 0) {
        sample.failure = u"pipe failed"_s;
        return sample;
    }
    ChildProcess::Options options;
    options.uid = uid;
    options.gid = gid;
    options.switchUser = ::geteuid() == 0;
    options.passedDescriptor = info[1];
    ChildProcess child;
    QElapsedTimer timer;
    timer.start();
    const bool started = child.start(bwrap, bwrapArguments(home), options, &sample.failure);
    ::close(info[1]);
    if (!started) {
        ::close(info[0]);
        return sample;
    }
    if (!ready.waitUntilWritten(UpLimit)) {
        ::close(info[0]);
        sample.failure = u"bubblewrap's command did not write up"_s;
        return sample;
    }
    sample.up = milliseconds(timer);
    const qint64 init = childPidFrom(info[0]);
    ::close(info[0]);
    const int pidfd = init > 0 ? int(::syscall(SYS_pidfd_open, pid_t(init), 0)) : -1;
    timer.start();
    child.terminateAndWait();
    // bubblewrap's outer process leaves at once; the namespace ends with its init.
    const bool initGone = pidfd < 0 || waitForPidfd(pidfd, 5000);
    sample.stop = milliseconds(timer);
    if (pidfd >= 0)
        ::close(pidfd);
    if (pidfd < 0)
        sample.failure = u"bubblewrap named no init"_s;
    else if (!initGone || isLockHeld(home + u"/held.lock"_s))
        sample.failure = u"a process of the sandbox outlived its stop"_s;
    return sample;
}

Sample podmanFloor(const PrivatePodman &podman, const QString &home)
{
    Sample sample;
    ReadyFile ready(home, u"up"_s);
    if (!ready.arm(&sample.failure))
        return sample;
    const QStringList run{u"run"_s,
                          u"-d"_s,
                          u"--name"_s,
                          FloorContainer,
                          u"--network"_s,
                          u"host"_s,
                          u"--volume"_s,
                          home + u":/home/bench"_s,
                          u"--workdir"_s,
                          u"/home/bench"_s,
                          u"--entrypoint"_s,
                          u"/bin/sh"_s,
                          PrivatePodman::image(),
                          u"-c"_s,
                          PodmanInit,
                          u"sh"_s,
                          PodmanCommand};
    QElapsedTimer timer;
    timer.start();
    if (const int code = ChildProcess::run(podman.program(), run); code != 0) {
        sample.failure = u"podman run exited with %1"_s.arg(code);
        return sample;
    }
    sample.ack = milliseconds(timer);
    if (!ready.waitUntilWritten(UpLimit)) {
        sample.failure = u"the container did not write up"_s;
        return sample;
    }
    sample.up = milliseconds(timer);
    timer.start();
    // The backend's stop ends and removes the container; by hand that is stop, then rm.
    const int stopped =
        ChildProcess::run(podman.program(), {u"stop"_s, u"-t"_s, GraceSeconds, FloorContainer});
    const int removed = ChildProcess::run(podman.program(), {u"rm"_s, FloorContainer});
    sample.stop = milliseconds(timer);
    if (stopped != 0 || removed != 0)
        sample.failure = u"podman stop/rm exited with %1/%2"_s.arg(stopped).arg(removed);
    else if (sleepers(PodmanSleeper) != 0)
        sample.failure = u"a process of the container outlived podman stop"_s;
    return sample;
}

} // namespace spaces::bench
