#include "ManualBackend.h"

#include "ChildIsolation.h"
#include "CommandRunner.h"
#include "ErrnoText.h"
#include "LogTail.h"
#include "PidHandle.h"
#include "PidNamespaceSignal.h"
#include "ProcessGroup.h"
#include "ShellLocator.h"

#include <QFile>
#include <QRegularExpression>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

namespace spaces {

Q_LOGGING_CATEGORY(lcManual, "spaces.manual", QtInfoMsg)

namespace {

using namespace std::chrono_literals;

const QString HandlePrefix = QStringLiteral("manual:");
// Handles of servers that ran manual spaces as bare process groups.
const QString GroupPrefix = QStringLiteral("group:");
// How long unshare may take to set the namespace up before the start is given up.
constexpr auto SetupLimit = 10s;

// The namespace's init, run by sh with $0 the space's shell, $1 the startup command and $2
// env(1). Descriptors: 3 the start gate, 4 the readiness pipe, 5 the status file. It says it
// is set up, waits at the gate (end of file: the server is gone, and so is the space), then
// runs the command as its child: as pid 1 it must not be the command itself, which would
// ignore every signal it has no handler for (stop's TERM included) and leave orphans
// unreaped. While it waits, sh reaps every child, orphans included. An asynchronous command
// of a non-interactive shell starts with SIGINT and SIGQUIT ignored: env puts them back.
// The exit status is written as bubblewrap's --json-status-fd writes it (128 + N for
// signal N).
const QString InitScript =
    QStringLiteral("printf r >&4 || exit 125; exec 4>&-; "
                   "IFS= read -r _ <&3 || exit 125; exec 3<&-; "
                   "\"$2\" --default-signal=INT,QUIT \"$0\" -c \"$1\" 5>&- & "
                   "wait $!; s=$?; printf '{\"exit-code\": %d}\\n' \"$s\" >&5; exit \"$s\"");

// "manual:<init>/<launcher>".
struct NamespaceHandle
{
    std::optional<PidHandle> init;
    std::optional<PidHandle> launcher;
};

NamespaceHandle parseNamespace(const QString &handle)
{
    NamespaceHandle parsed;
    if (!handle.startsWith(HandlePrefix))
        return parsed;
    const QStringView rest = QStringView(handle).mid(HandlePrefix.size());
    const qsizetype slash = rest.indexOf(u'/');
    if (slash <= 0)
        return parsed;
    parsed.init = PidHandle::parse(rest.left(slash));
    parsed.launcher = PidHandle::parse(rest.mid(slash + 1));
    return parsed;
}

// "group:<pgid>:<leader's start time>"; "group:<pgid>" from servers that did not record
// the leader, taken on trust.
struct GroupHandle
{
    qint64 group = 0;
    std::optional<PidHandle> leader;
};

GroupHandle parseGroup(const QString &handle)
{
    GroupHandle parsed;
    if (!handle.startsWith(GroupPrefix))
        return parsed;
    const QStringView rest = QStringView(handle).mid(GroupPrefix.size());
    parsed.leader = PidHandle::parse(rest);
    parsed.group = parsed.leader ? parsed.leader->pid() : rest.toLongLong();
    return parsed;
}

// Whether the group of that number is still the one launched. Linux never gives a new
// process a number still in use as a process group, so the number is reused only once the
// whole group has gone and a new process took it: then pid <pgid> is a different process.
bool isSameGroup(const GroupHandle &handle)
{
    if (handle.group <= 1)
        return false;
    if (!handle.leader || handle.leader->isAlive())
        return true;
    return !PidHandle::of(handle.group).has_value();
}

// After the init: the launcher follows within moments; wait for it too, so that a stopped
// space has no process left at all when stop answers.
bool launcherGone(const NamespaceHandle &handle)
{
    return !handle.launcher || handle.launcher->waitForExit(5s);
}

struct Pipe
{
    UniqueFd read;
    UniqueFd write;
};

Expected<Pipe> openPipe()
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        const int saved = errno;
        return ApiError{
            500, QStringLiteral("could not create a pipe: %1").arg(ErrnoText::describe(saved))};
    }
    return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// Waits for one byte on `fd` until the deadline. Empty when it came; else what happened.
QString awaitByte(int fd, std::chrono::steady_clock::time_point deadline)
{
    for (;;) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return QStringLiteral("did not start within %1 s").arg(SetupLimit.count());
        pollfd entry{fd, POLLIN, 0};
        const int ready = ::poll(&entry, 1, int(left.count()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready == 0)
            return QStringLiteral("did not start within %1 s").arg(SetupLimit.count());
        char byte;
        const ssize_t got = ready < 0 ? -1 : ::read(fd, &byte, 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got == 1)
            return {};
        return QStringLiteral("ended before it started");
    }
}

// The one child of unshare's outer process: the namespace's init, by its number outside.
// Reads that process's own children list (one /proc entry, not a scan).
std::optional<PidHandle> childOf(qint64 pid)
{
    QFile children(QStringLiteral("/proc/%1/task/%1/children").arg(pid));
    if (!children.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QList<QByteArray> pids = children.readAll().simplified().split(' ');
    if (pids.size() != 1)
        return std::nullopt;
    bool isNumber = false;
    const qint64 child = pids.first().toLongLong(&isNumber);
    return isNumber ? PidHandle::of(child) : std::nullopt;
}

UniqueFd openNamespace(const QByteArray &process, const char *name)
{
    const QByteArray path = "/proc/" + process + "/ns/" + name;
    return UniqueFd(::open(path.constData(), O_RDONLY | O_CLOEXEC));
}

bool sameNamespace(int a, int b)
{
    struct stat first = {};
    struct stat second = {};
    return ::fstat(a, &first) == 0 && ::fstat(b, &second) == 0 && first.st_ino == second.st_ino &&
           first.st_dev == second.st_dev;
}

// Whether the /proc the init sees is the namespace's own: its process 1 is in the init's pid
// namespace. The host's /proc (a namespace that failed to mount its own) would list every
// process of the machine, which must never be signalled.
bool hasOwnProc(const PidHandle &init)
{
    const QByteArray pid = QByteArray::number(init.pid());
    const UniqueFd own = openNamespace(pid, "pid");
    const UniqueFd seen = openNamespace(pid + "/root/proc/1", "pid");
    return own.isValid() && seen.isValid() && sameNamespace(own.get(), seen.get()) &&
           init.isAlive();
}

ServicesEnd readStatus(const QString &statusFile)
{
    ServicesEnd end;
    QFile file(statusFile);
    if (!file.open(QIODevice::ReadOnly))
        return end;
    static const QRegularExpression exitCode(QStringLiteral("\"exit-code\"\\s*:\\s*(\\d+)"));
    const QRegularExpressionMatch match = exitCode.match(QString::fromUtf8(file.read(4096)));
    if (!match.hasMatch())
        return end;
    const int status = match.captured(1).toInt();
    // The shell reports a command ended by signal N as 128 + N.
    if (status > 128 && status < 128 + 32)
        end.signal = status - 128;
    else
        end.code = status;
    return end;
}

} // namespace

ManualBackend::ManualBackend()
    : m_unshare(ShellLocator::find(QStringLiteral("unshare")))
    , m_env(ShellLocator::find(QStringLiteral("env")))
{}

Expected<void> ManualBackend::available() const
{
    if (m_unshare.isEmpty() || m_env.isEmpty()) {
        return ApiError{500, QStringLiteral("Manual spaces need unshare and env (the Debian "
                                            "packages util-linux and coreutils), which are not "
                                            "installed on this computer")};
    }
    return {};
}

QStringList ManualBackend::arguments(const SpaceLaunch &launch) const
{
    QStringList args;
    // Root may make namespaces as it is; anyone else needs a user namespace to own them, in
    // which the server's uid and gid stand for themselves (nothing is gained).
    if (::geteuid() != 0)
        args << QStringLiteral("--user") << QStringLiteral("--map-current-user");
    // --kill-child: the init dies with unshare's outer process (SIGKILL, whoever kills it);
    // --mount-proc: a mount namespace of its own (private: nothing mounted in it leaves)
    // with the namespace's /proc. Slave propagation would let the host's later mounts in,
    // but makes the namespace's end, and so every stop, 4-16 ms slower than 0.4 ms here.
    args << QStringLiteral("--pid") << QStringLiteral("--fork") << QStringLiteral("--kill-child")
         << QStringLiteral("--mount-proc") << QStringLiteral("--");
    // Without a startup command the init waits for the stop: the space itself.
    const QString command =
        launch.command.trimmed().isEmpty() ? QStringLiteral("exec sleep infinity") : launch.command;
    args << ShellLocator::find(QStringLiteral("sh")) << QStringLiteral("-c") << InitScript
         << launch.shellPath << command << m_env;
    return args;
}

Expected<LaunchedSpace> ManualBackend::launch(const SpaceLaunch &launch) const
{
    if (const Expected<void> usable = available(); !usable)
        return usable.error();
    Expected<LaunchGate> gate = LaunchGate::open();
    if (!gate)
        return gate.error();
    Expected<Pipe> ready = openPipe();
    if (!ready)
        return ready.error();
    const QString statusPath =
        launch.statusFile.isEmpty() ? QStringLiteral("/dev/null") : launch.statusFile;
    const UniqueFd status(::open(QFile::encodeName(statusPath).constData(),
                                 O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!status.isValid()) {
        const int saved = errno;
        return ApiError{
            500, QStringLiteral("cannot write %1: %2").arg(statusPath, ErrnoText::describe(saved))};
    }

    LaunchSpec spec;
    spec.program = m_unshare;
    spec.arguments = arguments(launch);
    spec.shellPath = launch.shellPath;
    spec.workingDirectory = launch.hostHome;
    spec.environment = launch.environment;
    spec.logFilePath = launch.logFile;
    spec.isolation = std::make_shared<ChildIsolation>();
    spec.isolation->passDescriptor(gate->readEnd());
    spec.isolation->passDescriptor(ready->write.get());
    spec.isolation->passDescriptor(status.get());
    QString error;
    const qint64 group = ProcessGroup::launch(spec, &error);
    gate->closeReadEnd();
    ready->write.reset();
    if (group <= 0)
        return ApiError{500, error};

    const QString notReady =
        awaitByte(ready->read.get(), std::chrono::steady_clock::now() + SetupLimit);
    const std::optional<PidHandle> launcher = PidHandle::of(group);
    const std::optional<PidHandle> init =
        notReady.isEmpty() && launcher ? childOf(group) : std::nullopt;
    if (!init) {
        ::kill(pid_t(-group), SIGKILL);
        // unshare's own words first (they are in the log); else which step went wrong.
        QString reason = LogTail::lastLine(launch.logFile);
        if (reason.isEmpty())
            reason = notReady.isEmpty() ? QStringLiteral("its init could not be found")
                                        : QStringLiteral("the namespace's init %1").arg(notReady);
        qCWarning(lcManual) << "namespace setup failed for" << launch.spaceId << reason;
        return ApiError{500, QStringLiteral("the space's process namespace could not be set up: ") +
                                 reason};
    }
    LaunchedSpace launched;
    launched.handle = HandlePrefix + init->toString() + u'/' + launcher->toString();
    launched.processGroup = group;
    launched.gate = std::make_shared<LaunchGate>(std::move(gate.value()));
    qCDebug(lcManual) << "launched" << launch.spaceId << launched.handle;
    return launched;
}

bool ManualBackend::isAlive(const QString &handle) const
{
    if (handle.startsWith(GroupPrefix)) {
        const GroupHandle parsed = parseGroup(handle);
        return isSameGroup(parsed) && ProcessGroup::isAlive(parsed.group);
    }
    const NamespaceHandle parsed = parseNamespace(handle);
    return parsed.init && parsed.init->isAlive();
}

UniqueFd ManualBackend::endNotifier(const QString &handle) const
{
    // The launcher leaves last, after the init wrote the status: once it is gone, everything
    // is. Old group handles have no such process (the periodic check finds their end).
    const NamespaceHandle parsed = parseNamespace(handle);
    if (parsed.launcher) {
        if (UniqueFd notifier = parsed.launcher->exitNotifier(); notifier.isValid())
            return notifier;
    }
    return parsed.init ? parsed.init->exitNotifier() : UniqueFd();
}

ServicesEnd ManualBackend::howEnded(const QString &handle, const QString &statusFile) const
{
    const NamespaceHandle parsed = parseNamespace(handle);
    if (!parsed.init)
        return {};
    launcherGone(parsed);
    return readStatus(statusFile);
}

bool ManualBackend::stop(const QString &, const QString &handle,
                         std::chrono::milliseconds grace) const
{
    if (handle.startsWith(GroupPrefix)) {
        // Launched before PID namespaces: the group, and nothing else (processes that left
        // it were never this backend's to find).
        const GroupHandle parsed = parseGroup(handle);
        return !isSameGroup(parsed) || ProcessGroup::terminate(parsed.group, grace);
    }
    const NamespaceHandle parsed = parseNamespace(handle);
    if (!parsed.init || !parsed.init->isAlive())
        return launcherGone(parsed);
    const PidHandle &init = *parsed.init;
    if (grace.count() > 0) {
        // TERM to every process of the namespace but its init, which leaves when the startup
        // command has: through the namespace's own /proc, else by a kill run inside.
        if (hasOwnProc(init) && PidNamespaceSignal::sendToAllButInit(init, SIGTERM) >= 0) {
            PidNamespaceSignal::sendToAllButInit(init, SIGCONT);
        } else {
            CommandSpec term;
            term.program = ShellLocator::find(QStringLiteral("sh"));
            term.arguments = {QStringLiteral("-c"), QStringLiteral("kill -TERM -1; kill -CONT -1")};
            term.workingDirectory = QStringLiteral("/");
            term.timeout = 5s;
            if (Expected<CommandSpec> inside = enter(handle, term); inside)
                CommandRunner::run(*inside);
        }
        if (init.waitForExit(grace))
            return launcherGone(parsed);
    }
    // The init's death takes the whole namespace with it. The launcher first: SIGKILLed, it
    // cannot complain in the log that its child was (as unshare 2.38 does), and --kill-child
    // sends the init the same signal.
    if (parsed.launcher)
        parsed.launcher->kill();
    init.kill();
    return init.waitForExit(5s) && launcherGone(parsed);
}

Expected<CommandSpec> ManualBackend::enter(const QString &handle, CommandSpec spec) const
{
    if (!handle.startsWith(HandlePrefix))
        return spec; // no services (an earlier server's record), or an old process group
    const NamespaceHandle parsed = parseNamespace(handle);
    const ApiError gone{400, QStringLiteral("Space is not running")};
    if (!parsed.init)
        return gone;
    const QByteArray pid = QByteArray::number(parsed.init->pid());
    UniqueFd user = openNamespace(pid, "user");
    UniqueFd pidNamespace = openNamespace(pid, "pid");
    UniqueFd mount = openNamespace(pid, "mnt");
    const UniqueFd ownUser = openNamespace("self", "user");
    // Checked after opening: the descriptors name the namespaces of this very process.
    if (!user.isValid() || !pidNamespace.isValid() || !mount.isValid() || !ownUser.isValid() ||
        !parsed.init->isAlive())
        return gone;
    auto isolation = std::make_shared<ChildIsolation>();
    // A server that is not root made a user namespace to own the others: join it first.
    if (!sameNamespace(user.get(), ownUser.get()))
        isolation->enterNamespace(std::move(user), CLONE_NEWUSER);
    isolation->enterNamespace(std::move(pidNamespace), CLONE_NEWPID);
    isolation->enterNamespace(std::move(mount), CLONE_NEWNS);
    spec.isolation = std::move(isolation);
    return spec;
}

} // namespace spaces
