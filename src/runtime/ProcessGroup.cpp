#include "ProcessGroup.h"

#include "ChildImage.h"
#include "ChildIsolation.h"
#include "ErrnoText.h"
#include "ExecStatusPipe.h"
#include "UniqueFd.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <atomic>
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

Q_LOGGING_CATEGORY(lcProcessGroup, "spaces.processgroup", QtInfoMsg)

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
    // the descriptor (the stamper; without one the launcher, a sandbox's init, every
    // service) lives: whoever wants to know that none is left, tests included, tries an
    // exclusive lock (waitForLogWriters). Such a try holds the lock for a moment only.
    if (!path.isEmpty()) {
        for (int attempt = 0;
             attempt < 200 && ::flock(fd.get(), LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
             ++attempt)
            std::this_thread::sleep_for(1ms);
    }
    return fd;
}

// Starts the stamper detached as launch() starts the services (double fork, a session of
// its own), reading `input` and appending to `log`. True once it has been exec'd.
bool launchStamper(const QString &program, LaunchSpec::LogStamps stamps, int input, int log,
                   QString *error)
{
    ChildImage image;
    const QStringList arguments = stamps == LaunchSpec::LogStamps::Convert
                                      ? QStringList{QStringLiteral("--convert")}
                                      : QStringList{};
    // No environment: nothing of the space's (its SPACE_ID would make a stop end it).
    if (!image.prepare(program, arguments, {}, QStringLiteral("/"), error))
        return false;
    ExecStatusPipe status;
    if (!status.open(error))
        return false;
    const pid_t intermediate = ::fork();
    if (intermediate < 0) {
        const int saved = errno;
        *error = image.describeFailure(ChildImage::Stage::Fork, saved);
        return false;
    }
    if (intermediate == 0) {
        const pid_t grandchild = ::_Fork();
        if (grandchild == 0)
            image.exec(input, log, status.writeFd(), nullptr);
        if (grandchild < 0)
            ExecStatusPipe::send(status.writeFd(), ExecStatusPipe::Kind::Failed, errno,
                                 qint64(ChildImage::Stage::Fork));
        else
            ExecStatusPipe::send(status.writeFd(), ExecStatusPipe::Kind::Started, 0, grandchild);
        ::_exit(0);
    }
    status.closeWriteEnd();
    const QList<ExecStatusPipe::Record> records = status.receiveAll();
    int waitStatus = 0;
    while (::waitpid(intermediate, &waitStatus, 0) < 0 && errno == EINTR) {
    }
    bool started = false;
    for (const ExecStatusPipe::Record &record : records) {
        if (record.kind == ExecStatusPipe::Kind::Failed) {
            *error = image.describeFailure(ChildImage::Stage(record.value), record.errnum);
            return false;
        }
        started = true;
    }
    if (!started)
        *error = QStringLiteral("the launcher of %1 exited early").arg(program);
    return started;
}

// The write end of a pipe to a newly started stamper appending to `log`; invalid when the
// services are to write to the log themselves.
UniqueFd startStamping(const LaunchSpec &spec, int log)
{
    if (spec.logFilePath.isEmpty() || spec.logStamps == LaunchSpec::LogStamps::None)
        return {};
    const QString program = ProcessGroup::logStamper();
    static std::atomic_bool warned = false;
    if (program.isEmpty()) {
        if (!warned.exchange(true))
            qCWarning(lcProcessGroup)
                << "spaces-log-stamp is not installed beside"
                << QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath()
                << "- log lines get no time stamps";
        return {};
    }
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        const int saved = errno;
        qCWarning(lcProcessGroup) << "no pipe for the log's time stamps:"
                                  << ErrnoText::describe(saved);
        return {};
    }
    const UniqueFd readEnd(fds[0]);
    UniqueFd writeEnd(fds[1]);
    QString error;
    if (!launchStamper(program, spec.logStamps, readEnd.get(), log, &error)) {
        qCWarning(lcProcessGroup) << "could not start" << program << "- log lines get no time"
                                  << "stamps:" << error;
        return {};
    }
    return writeEnd;
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
    // Closed when this returns: from then on only the services hold it, and the stamper ends
    // when they are all gone (also when the launch fails below).
    const UniqueFd stamped = startStamping(spec, log.get());
    const int output = stamped.isValid() ? stamped.get() : log.get();
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
            image.exec(devNull.get(), output, status.writeFd(), spec.isolation.get());
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

QString ProcessGroup::logStamper()
{
    const QString configured = qEnvironmentVariable("SPACES_LOG_STAMP");
    const QString program =
        !configured.isEmpty()
            ? configured
            : QFileInfo(QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath())
                      .absolutePath() +
                  QStringLiteral("/spaces-log-stamp");
    const QFileInfo info(program);
    return info.isAbsolute() && info.isFile() && info.isExecutable() ? program : QString();
}

bool ProcessGroup::waitForLogWriters(const QString &logFilePath, std::chrono::milliseconds limit)
{
    const UniqueFd fd(::open(QFile::encodeName(logFilePath).constData(), O_RDONLY | O_CLOEXEC));
    if (!fd.isValid())
        return true;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    auto step = 1ms;
    for (;;) {
        if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) {
            ::flock(fd.get(), LOCK_UN);
            return true;
        }
        if (errno != EWOULDBLOCK && errno != EINTR)
            return true; // a file system without locks: nothing to wait for
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            return false;
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(step, deadline - now));
        step = std::min(step * 2, std::chrono::milliseconds(20));
    }
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
