#include "ProcessGroup.h"

#include "ChildImage.h"
#include "ChildIsolation.h"
#include "ErrnoText.h"
#include "ExecStatusPipe.h"
#include "UniqueFd.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace spaces {

namespace {

using namespace std::chrono_literals;

struct ProcStat
{
    char state = 0;
    long long pgrp = 0;
};

// Reads state and pgrp from /proc/<pid>/stat with plain syscalls (no allocation, no shared
// state): this runs in tight polling loops from many threads.
bool readProcStat(long long pid, ProcStat *stat)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%lld/stat", pid);
    const UniqueFd fd(::open(path, O_RDONLY | O_CLOEXEC));
    if (!fd.isValid())
        return false;
    char buffer[512];
    ssize_t size;
    do {
        size = ::read(fd.get(), buffer, sizeof buffer - 1);
    } while (size < 0 && errno == EINTR);
    if (size <= 0)
        return false;
    buffer[size] = '\0';
    // "pid (comm) state ppid pgrp ...": comm may contain spaces and ')', so parse after the
    // last ')'.
    const char *end = std::strrchr(buffer, ')');
    long long ppid = 0;
    return end && std::sscanf(end + 1, " %c %lld %lld", &stat->state, &ppid, &stat->pgrp) == 3;
}

bool isLiveMember(long long pid, qint64 pgid)
{
    ProcStat stat;
    return readProcStat(pid, &stat) && stat.pgrp == pgid && stat.state != 'Z' && stat.state != 'X';
}

// Calls visit(pid) for every live member of the group until it returns false.
template<typename Visit> void forEachLiveMember(qint64 pgid, Visit visit)
{
    DIR *proc = ::opendir("/proc");
    if (!proc)
        return;
    while (const dirent *entry = ::readdir(proc)) {
        char *end = nullptr;
        const long long pid = std::strtoll(entry->d_name, &end, 10);
        if (pid <= 0 || !end || *end != '\0')
            continue;
        if (isLiveMember(pid, pgid) && !visit(qint64(pid)))
            break;
    }
    ::closedir(proc);
}

qint64 failLaunch(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return -1;
}

UniqueFd openLogFile(const QString &path, QString *error)
{
    const QString target = path.isEmpty() ? QStringLiteral("/dev/null") : path;
    if (!path.isEmpty())
        QDir().mkpath(QFileInfo(path).absolutePath());
    UniqueFd fd(::open(QFile::encodeName(target).constData(),
                       O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
    if (!fd.isValid()) {
        const int saved = errno;
        *error = QStringLiteral("Could not open the log file %1: %2")
                     .arg(target, ErrnoText::describe(saved));
        return fd;
    }
    // A shared lock on this open file description lasts while any process that inherited
    // the descriptor (the launcher, a sandbox's init, every service) lives: whoever wants
    // to know that none is left, tests included, tries an exclusive lock.
    if (!path.isEmpty())
        ::flock(fd.get(), LOCK_SH | LOCK_NB);
    return fd;
}

} // namespace

qint64 ProcessGroup::launch(const LaunchSpec &spec, QString *error)
{
    QString message;
    if (spec.workingDirectory.isEmpty())
        return failLaunch(error, QStringLiteral("No working directory given"));

    ChildImage image;
    const bool custom = !spec.program.isEmpty();
    if (!image.prepare(custom ? spec.program : spec.shellPath,
                       custom ? spec.arguments : QStringList{QStringLiteral("-c"), spec.command},
                       spec.environment, spec.workingDirectory, &message))
        return failLaunch(error, message);

    const UniqueFd devNull(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    if (!devNull.isValid()) {
        const int saved = errno;
        return failLaunch(
            error, QStringLiteral("Could not open /dev/null: %1").arg(ErrnoText::describe(saved)));
    }
    const UniqueFd log = openLogFile(spec.logFilePath, &message);
    if (!log.isValid())
        return failLaunch(error, message);
    ExecStatusPipe status;
    if (!status.open(&message))
        return failLaunch(error, message);
    if (spec.isolation)
        spec.isolation->prepare();

    // Held open by the intermediate alone once forked: the grandchild reads it to its end, so
    // it runs the program only after the intermediate is gone. A program that ties itself to
    // its parent (bubblewrap's --die-with-parent sets PR_SET_PDEATHSIG) would otherwise be
    // killed when a slow intermediate exits after the program started.
    int orphaned[2];
    if (::pipe2(orphaned, O_CLOEXEC) != 0) {
        const int saved = errno;
        return failLaunch(error, image.describeFailure(ChildImage::Stage::Fork, saved));
    }
    const pid_t intermediate = ::fork();
    if (intermediate < 0) {
        const int saved = errno;
        ::close(orphaned[0]);
        ::close(orphaned[1]);
        return failLaunch(error, image.describeFailure(ChildImage::Stage::Fork, saved));
    }
    if (intermediate == 0) {
        // _Fork() rather than fork(): it is async-signal-safe (runs no atfork handlers), which
        // is what a child of a multi-threaded process may call.
        const pid_t grandchild = ::_Fork();
        if (grandchild == 0) {
            ::close(orphaned[1]);
            char byte;
            while (::read(orphaned[0], &byte, 1) < 0 && errno == EINTR) {
            }
            ::close(orphaned[0]);
            image.exec(devNull.get(), log.get(), status.writeFd(), spec.isolation.get());
        }
        if (grandchild < 0)
            ExecStatusPipe::send(status.writeFd(), ExecStatusPipe::Kind::Failed, errno,
                                 qint64(ChildImage::Stage::Fork));
        else
            ExecStatusPipe::send(status.writeFd(), ExecStatusPipe::Kind::Started, 0, grandchild);
        ::_exit(0);
    }

    ::close(orphaned[0]);
    ::close(orphaned[1]);
    status.closeWriteEnd();
    const QList<ExecStatusPipe::Record> records = status.receiveAll();
    int waitStatus = 0;
    while (::waitpid(intermediate, &waitStatus, 0) < 0 && errno == EINTR) {
    }

    qint64 pgid = -1;
    for (const ExecStatusPipe::Record &record : records) {
        if (record.kind == ExecStatusPipe::Kind::Failed) {
            return failLaunch(
                error, image.describeFailure(ChildImage::Stage(record.value), record.errnum));
        }
        pgid = record.value;
    }
    if (pgid <= 0)
        return failLaunch(
            error,
            QStringLiteral("Could not start %1: the launcher exited early").arg(spec.shellPath));
    return pgid;
}

bool ProcessGroup::isAlive(qint64 pgid)
{
    if (pgid <= 0)
        return false;
    // Usually the leader is still there: answer without scanning /proc.
    if (isLiveMember(pgid, pgid))
        return true;
    bool alive = false;
    forEachLiveMember(pgid, [&alive](qint64) {
        alive = true;
        return false;
    });
    return alive;
}

QList<qint64> ProcessGroup::members(qint64 pgid)
{
    QList<qint64> pids;
    if (pgid <= 0)
        return pids;
    forEachLiveMember(pgid, [&pids](qint64 pid) {
        pids.append(pid);
        return true;
    });
    return pids;
}

bool ProcessGroup::waitUntilGone(qint64 pgid, std::chrono::milliseconds limit)
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    const auto left = [&deadline] {
        return std::max<qint64>(0, std::chrono::ceil<std::chrono::milliseconds>(
                                       deadline - std::chrono::steady_clock::now())
                                       .count());
    };
    // Usually the leader ends with its group: wait for it on a pidfd (checked after opening,
    // so it is still the leader), without polling.
    const UniqueFd leader(int(::syscall(SYS_pidfd_open, pid_t(pgid), 0)));
    if (leader.isValid() && isLiveMember(pgid, pgid)) {
        pollfd entry{leader.get(), POLLIN, 0};
        while (::poll(&entry, 1, int(left())) < 0 && errno == EINTR) {
        }
    }
    // Members that outlive it are looked for in growing steps.
    auto step = 1ms;
    for (;;) {
        if (!isAlive(pgid))
            return true;
        if (left() <= 0)
            return false;
        std::this_thread::sleep_for(
            std::min<std::chrono::milliseconds>(step, std::chrono::milliseconds(left())));
        step = std::min(step * 2, std::chrono::milliseconds(20));
    }
}

bool ProcessGroup::terminate(qint64 pgid, std::chrono::milliseconds grace)
{
    // kill(-1) would signal every process we may signal, and our own group is the server.
    if (pgid <= 1 || pgid == qint64(::getpgrp()))
        return false;
    if (!isAlive(pgid))
        return true;
    ::kill(pid_t(-pgid), SIGTERM);
    ::kill(pid_t(-pgid), SIGCONT);
    if (waitUntilGone(pgid, std::max(grace, std::chrono::milliseconds::zero())))
        return true;
    ::kill(pid_t(-pgid), SIGKILL);
    return waitUntilGone(pgid, 5s);
}

} // namespace spaces
