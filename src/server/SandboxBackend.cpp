#include "SandboxBackend.h"

#include "ChildIsolation.h"
#include "CommandRunner.h"
#include "ErrnoText.h"
#include "LogTail.h"
#include "PidHandle.h"
#include "PidNamespaceSignal.h"
#include "ProcessGroup.h"
#include "ShellLocator.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace spaces {

Q_LOGGING_CATEGORY(lcSandbox, "spaces.sandbox", QtWarningMsg)

namespace {

using namespace std::chrono_literals;

const QString HandlePrefix = QStringLiteral("sandbox:");
const QString ScriptsInside = QStringLiteral("/run/spaces/scripts");
// How long bubblewrap may take to set the sandbox up before the start is given up.
constexpr auto SetupLimit = 10s;

// "sandbox:<init>/<bwrap>": the pid namespace's init, then bubblewrap's outer process,
// which only waits for the init and leaves right after it.
std::optional<PidHandle> initOf(const QString &handle)
{
    if (!handle.startsWith(HandlePrefix))
        return std::nullopt;
    const QStringView rest = QStringView(handle).mid(HandlePrefix.size());
    const qsizetype slash = rest.indexOf(u'/');
    return PidHandle::parse(slash < 0 ? rest : rest.left(slash));
}

std::optional<PidHandle> launcherOf(const QString &handle)
{
    if (!handle.startsWith(HandlePrefix) || !handle.contains(u'/'))
        return std::nullopt;
    return PidHandle::parse(QStringView(handle).mid(handle.indexOf(u'/') + 1));
}

// After the init: the launcher follows within moments; wait for it too, so that a stopped
// space has no process left at all when stop answers.
bool launcherGone(const QString &handle)
{
    const std::optional<PidHandle> launcher = launcherOf(handle);
    return !launcher || launcher->waitForExit(5s);
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

// How a wait for bubblewrap's words ended: the words, or why not (said in the sentence).
enum class ReadEnd
{
    Done,
    TimedOut,
    Closed,
    Failed
};

QString describe(ReadEnd end)
{
    switch (end) {
    case ReadEnd::Done:
        return {};
    case ReadEnd::TimedOut:
        return QStringLiteral("did not answer within %1 s").arg(SetupLimit.count());
    case ReadEnd::Closed:
        return QStringLiteral("ended");
    case ReadEnd::Failed:
        return QStringLiteral("could not be read");
    }
    return {};
}

// Reads from `fd` until `done(buffer)`, end of file or the deadline.
template<typename Done>
ReadEnd readUntil(int fd, QByteArray *buffer, std::chrono::steady_clock::time_point deadline,
                  Done done)
{
    while (!done(*buffer)) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return ReadEnd::TimedOut;
        pollfd entry{fd, POLLIN, 0};
        const int ready = ::poll(&entry, 1, int(left.count()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready == 0)
            return ReadEnd::TimedOut;
        if (ready < 0)
            return ReadEnd::Failed;
        char chunk[512];
        const ssize_t got = ::read(fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return ReadEnd::Failed;
        if (got == 0)
            return ReadEnd::Closed;
        buffer->append(chunk, got);
    }
    return ReadEnd::Done;
}

UniqueFd openNamespace(qint64 pid, const char *name)
{
    const QByteArray path = QByteArray("/proc/") + QByteArray::number(pid) + "/ns/" + name;
    return UniqueFd(::open(path.constData(), O_RDONLY | O_CLOEXEC));
}

bool sameNamespace(int a, int b)
{
    struct stat first = {};
    struct stat second = {};
    return ::fstat(a, &first) == 0 && ::fstat(b, &second) == 0 && first.st_ino == second.st_ino &&
           first.st_dev == second.st_dev;
}

} // namespace

SandboxBackend::SandboxBackend(SpaceUser user)
    : m_user(user)
{
    const QByteArray configured = qgetenv("SPACES_BWRAP");
    m_bwrap = configured.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("bwrap"))
                                   : QString::fromLocal8Bit(configured);
}

Expected<void> SandboxBackend::available() const
{
    if (m_bwrap.isEmpty() || !QFileInfo(m_bwrap).isExecutable()) {
        return ApiError{
            500, QStringLiteral("Sandboxed spaces need bubblewrap (bwrap), which is not installed "
                                "on this computer: install the 'bubblewrap' package, or give the "
                                "template \"platform\": \"manual\" to run it unisolated")};
    }
    return {};
}

QString SandboxBackend::homeInside(const QString &spaceName, const QString &) const
{
    return QStringLiteral("/home/") + spaceName;
}

QString SandboxBackend::scriptsInside(const QString &) const
{
    return ScriptsInside;
}

Expected<void> SandboxBackend::handOver(const QStringList &paths) const
{
    if (!m_user.switchFromRoot)
        return {};
    for (const QString &path : paths) {
        if (::chown(QFile::encodeName(path).constData(), m_user.uid, m_user.gid) != 0) {
            const int saved = errno;
            return ApiError{500, QStringLiteral("cannot hand %1 to the space's user: %2")
                                     .arg(path, ErrnoText::describe(saved))};
        }
    }
    return {};
}

QStringList SandboxBackend::arguments(const SpaceLaunch &launch, const QString &homeSource,
                                      const QString &scriptsSource, const QString &modulesSource,
                                      const QString &connectionSource) const
{
    const QString home = homeInside(launch.spaceName, launch.hostHome);
    // --die-with-parent ties the sandbox's init to bubblewrap's own outer process (whose
    // parent is init after the double fork), not to spacesd: without it an outer process
    // killed by SIGPIPE on the info pipe of a server that died mid-launch leaves the init
    // waiting forever for its uid map, before the start gate could end it.
    QStringList args{QStringLiteral("--die-with-parent"),
                     QStringLiteral("--unshare-user"),
                     QStringLiteral("--unshare-pid"),
                     QStringLiteral("--unshare-ipc"),
                     QStringLiteral("--unshare-uts"),
                     QStringLiteral("--unshare-cgroup-try"),
                     QStringLiteral("--hostname"),
                     launch.spaceName,
                     QStringLiteral("--cap-drop"),
                     QStringLiteral("ALL"),
                     QStringLiteral("--ro-bind"),
                     QStringLiteral("/usr"),
                     QStringLiteral("/usr"),
                     QStringLiteral("--ro-bind"),
                     QStringLiteral("/etc"),
                     QStringLiteral("/etc"),
                     QStringLiteral("--ro-bind-try"),
                     QStringLiteral("/opt"),
                     QStringLiteral("/opt")};
    // Merged /usr keeps /bin, /lib... as symlinks; older layouts have real folders.
    for (const char *top : {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) {
        const QString path = QString::fromLatin1(top);
        const QFileInfo info(path);
        if (info.isSymLink())
            args << QStringLiteral("--symlink") << info.symLinkTarget() << path;
        else if (info.isDir())
            args << QStringLiteral("--ro-bind") << path << path;
    }
    args << QStringLiteral("--proc") << QStringLiteral("/proc") << QStringLiteral("--dev")
         << QStringLiteral("/dev") << QStringLiteral("--tmpfs") << QStringLiteral("/tmp")
         << QStringLiteral("--tmpfs") << QStringLiteral("/var/tmp") << QStringLiteral("--dir")
         << QStringLiteral("/home") << QStringLiteral("--bind") << homeSource << home
         << QStringLiteral("--ro-bind") << scriptsSource << ScriptsInside;
    if (!modulesSource.isEmpty()) {
        args << QStringLiteral("--ro-bind") << modulesSource
             << spacesModuleInside(launch.spacesModule);
    }
    if (!connectionSource.isEmpty()) {
        args << QStringLiteral("--ro-bind") << connectionSource
             << connectionInside(launch.connectionFolder);
    }
    args << QStringLiteral("--chdir") << home << QStringLiteral("--info-fd") << QStringLiteral("4");
    // bubblewrap's outer process writes the init's exit status there as it leaves: how the
    // services ended, even when the server that launched them is long gone.
    if (!launch.statusFile.isEmpty())
        args << QStringLiteral("--json-status-fd") << QStringLiteral("7");
    args << QStringLiteral("--") << ShellLocator::find(QStringLiteral("sh"));
    // Descriptors: 3 the gate, 4 bubblewrap's info, 5 the readiness pipe, 6 the info pipe's
    // read end, 7 the status file (see launch()). The gate side
    // says it is set up (so a failed setup is told apart from a slow one), then waits.
    const QString command = launch.command.trimmed().isEmpty()
                                ? QStringLiteral("exec sleep infinity") // the space itself
                                : launch.command;
    args << LaunchGate::shellArguments(launch.shellPath, command,
                                       QStringLiteral("printf r >&5; exec 4>&- 5>&- 6<&- 7>&-; "));
    return args;
}

Expected<LaunchedSpace> SandboxBackend::launch(const SpaceLaunch &launch) const
{
    if (const Expected<void> usable = available(); !usable)
        return usable.error();
    Expected<LaunchGate> gate = LaunchGate::open();
    if (!gate)
        return gate.error();
    Expected<Pipe> info = openPipe();
    Expected<Pipe> ready = openPipe();
    if (!info || !ready)
        return (!info ? info : ready).error();

    LaunchSpec spec;
    spec.program = m_bwrap;
    spec.shellPath = launch.shellPath;
    spec.workingDirectory = launch.hostHome;
    spec.environment = launch.environment;
    spec.logFilePath = launch.logFile;
    spec.isolation = std::make_shared<ChildIsolation>();
    QString homeSource = launch.hostHome;
    QString scriptsSource = launch.scratchDirectory;
    QString modulesSource = launch.spacesModule;
    QString connectionSource = launch.connectionFolder;
    if (m_user.switchFromRoot) {
        // bubblewrap runs as the space's user, which cannot traverse to the data directory:
        // root stages the folders it binds in a private mount namespace first.
        spec.isolation->stageDirectory(launch.hostHome, QStringLiteral("home"));
        spec.isolation->stageDirectory(launch.scratchDirectory, QStringLiteral("scripts"));
        spec.isolation->setIdentity(m_user.uid, m_user.gid);
        homeSource = ChildIsolation::stageRoot() + QStringLiteral("/home");
        scriptsSource = ChildIsolation::stageRoot() + QStringLiteral("/scripts");
        // Installed or in a source tree, the module's folder may lie where that user cannot go.
        if (!modulesSource.isEmpty()) {
            spec.isolation->stageDirectory(launch.spacesModule, QStringLiteral("python"));
            modulesSource = ChildIsolation::stageRoot() + QStringLiteral("/python");
        }
        if (!connectionSource.isEmpty()) {
            spec.isolation->stageDirectory(launch.connectionFolder, QStringLiteral("connection"));
            connectionSource = ChildIsolation::stageRoot() + QStringLiteral("/connection");
        }
        spec.workingDirectory = QStringLiteral("/");
    }
    spec.arguments = arguments(launch, homeSource, scriptsSource, modulesSource, connectionSource);
    spec.isolation->passDescriptor(gate->readEnd());
    spec.isolation->passDescriptor(info->write.get());
    spec.isolation->passDescriptor(ready->write.get());
    // bubblewrap's outer process writes the info pipe: were its only reader a server that
    // died meanwhile, SIGPIPE would kill it before it let the init go on, and the init would
    // wait forever, short of the gate. Holding a read end itself, it never gets SIGPIPE.
    spec.isolation->passDescriptor(info->read.get());
    UniqueFd status;
    if (!launch.statusFile.isEmpty()) {
        status.reset(::open(QFile::encodeName(launch.statusFile).constData(),
                            O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
        if (!status.isValid()) {
            const int saved = errno;
            return ApiError{500, QStringLiteral("cannot write %1: %2")
                                     .arg(launch.statusFile, ErrnoText::describe(saved))};
        }
        spec.isolation->passDescriptor(status.get());
    }

    QString error;
    const qint64 group = ProcessGroup::launch(spec, &error);
    gate->closeReadEnd();
    info->write.reset();
    ready->write.reset();
    if (group <= 0)
        return ApiError{500, error};

    const auto deadline = std::chrono::steady_clock::now() + SetupLimit;
    static const QRegularExpression childPid(QStringLiteral("\"child-pid\"\\s*:\\s*(\\d+)"));
    QByteArray infoText;
    QByteArray readiness;
    const ReadEnd described = readUntil(info->read.get(), &infoText, deadline,
                                        [](const QByteArray &text) { return text.contains('}'); });
    const ReadEnd isReady = described == ReadEnd::Done
                                ? readUntil(ready->read.get(), &readiness, deadline,
                                            [](const QByteArray &text) { return !text.isEmpty(); })
                                : described;
    const QRegularExpressionMatch match = childPid.match(QString::fromUtf8(infoText));
    const std::optional<PidHandle> init =
        match.hasMatch() ? PidHandle::of(match.captured(1).toLongLong()) : std::nullopt;
    if (isReady != ReadEnd::Done || !init) {
        ::kill(pid_t(-group), SIGKILL);
        // The sandbox's own words first (once its stamper wrote them); else which step of the
        // setup went wrong.
        ProcessGroup::waitForLogWriters(launch.logFile, LogTail::WriterLimit);
        QString reason = LogTail::lastLine(launch.logFile);
        if (reason.isEmpty() && described != ReadEnd::Done)
            reason = QStringLiteral("bubblewrap %1 before it described the sandbox")
                         .arg(describe(described));
        else if (reason.isEmpty() && isReady != ReadEnd::Done)
            reason =
                QStringLiteral("the sandbox %1 before its shell started").arg(describe(isReady));
        else if (reason.isEmpty())
            reason = QStringLiteral("the sandbox's init (%1) ended during the setup")
                         .arg(match.captured(1));
        qCWarning(lcSandbox) << "sandbox setup failed for" << launch.spaceId << reason
                             << "info:" << infoText << "ready:" << readiness;
        return ApiError{500, QStringLiteral("the sandbox could not be set up: ") + reason};
    }
    LaunchedSpace launched;
    const std::optional<PidHandle> launcher = PidHandle::of(group);
    launched.handle =
        HandlePrefix + init->toString() + (launcher ? u'/' + launcher->toString() : QString());
    launched.processGroup = group;
    launched.gate = std::make_shared<LaunchGate>(std::move(gate.value()));
    qCDebug(lcSandbox) << "launched" << launch.spaceId << launched.handle;
    return launched;
}

bool SandboxBackend::isAlive(const QString &handle) const
{
    const std::optional<PidHandle> init = initOf(handle);
    return init && init->isAlive();
}

UniqueFd SandboxBackend::endNotifier(const QString &handle) const
{
    // The outer process leaves last, right after writing the exit status: once it is gone,
    // the status is there to read.
    const std::optional<PidHandle> process =
        launcherOf(handle) ? launcherOf(handle) : initOf(handle);
    return process ? process->exitNotifier() : UniqueFd();
}

ServicesEnd SandboxBackend::howEnded(const QString &handle, const QString &statusFile) const
{
    // Give the outer process the moment it needs to write the status after the init.
    launcherGone(handle);
    QFile file(statusFile);
    ServicesEnd end;
    if (!file.open(QIODevice::ReadOnly))
        return end;
    // One JSON document per line; the last one says {"exit-code": N}.
    static const QRegularExpression exitCode(QStringLiteral("\"exit-code\"\\s*:\\s*(\\d+)"));
    const QRegularExpressionMatch match = exitCode.match(QString::fromUtf8(file.read(64 * 1024)));
    if (!match.hasMatch())
        return end;
    const int status = match.captured(1).toInt();
    // bubblewrap reports a process ended by signal N as 128 + N, as shells do.
    if (status > 128 && status < 128 + 32)
        end.signal = status - 128;
    else
        end.code = status;
    return end;
}

bool SandboxBackend::stop(const QString &, const QString &handle,
                          std::chrono::milliseconds grace) const
{
    const std::optional<PidHandle> init = initOf(handle);
    if (!init || !init->isAlive())
        return launcherGone(handle);
    if (grace.count() > 0) {
        // TERM to everything inside but the init (kill -1 in the pid namespace); the init
        // leaves when its last process has. Through the namespace's /proc if it can, else by
        // a kill run inside.
        if (PidNamespaceSignal::sendToAllButInit(*init, SIGTERM) >= 0) {
            PidNamespaceSignal::sendToAllButInit(*init, SIGCONT);
        } else {
            CommandSpec term;
            term.program = ShellLocator::find(QStringLiteral("sh"));
            term.arguments = {QStringLiteral("-c"), QStringLiteral("kill -TERM -1; kill -CONT -1")};
            term.workingDirectory = QStringLiteral("/");
            term.timeout = 5s;
            if (Expected<CommandSpec> inside = enter(handle, term); inside)
                CommandRunner::run(*inside);
        }
        if (init->waitForExit(grace))
            return launcherGone(handle);
    }
    // The init's death takes the whole namespace with it.
    init->kill();
    return init->waitForExit(5s) && launcherGone(handle);
}

Expected<CommandSpec> SandboxBackend::enter(const QString &handle, CommandSpec spec) const
{
    const std::optional<PidHandle> init = initOf(handle);
    const ApiError gone{400, QStringLiteral("Space is not running")};
    if (!init)
        return gone;
    UniqueFd user = openNamespace(init->pid(), "user");
    UniqueFd pid = openNamespace(init->pid(), "pid");
    UniqueFd mount = openNamespace(init->pid(), "mnt");
    UniqueFd ipc = openNamespace(init->pid(), "ipc");
    UniqueFd uts = openNamespace(init->pid(), "uts");
    // Checked after opening: the descriptors name the namespaces of this very process.
    if (!user.isValid() || !pid.isValid() || !mount.isValid() || !ipc.isValid() || !uts.isValid() ||
        !init->isAlive())
        return gone;
    // bubblewrap nests a user namespace inside the one that owns the others: enter the
    // owner first (for the right to join them), the inner one last (the space's view).
    UniqueFd owner(::ioctl(pid.get(), NS_GET_USERNS));
    if (!owner.isValid()) {
        const int saved = errno;
        return ApiError{
            500,
            QStringLiteral("cannot enter the space's sandbox: %1").arg(ErrnoText::describe(saved))};
    }
    auto isolation = std::make_shared<ChildIsolation>();
    if (m_user.switchFromRoot)
        isolation->setIdentity(m_user.uid, m_user.gid);
    const bool nested = !sameNamespace(owner.get(), user.get());
    isolation->enterNamespace(std::move(owner), CLONE_NEWUSER);
    isolation->enterNamespace(std::move(pid), CLONE_NEWPID);
    isolation->enterNamespace(std::move(mount), CLONE_NEWNS);
    isolation->enterNamespace(std::move(ipc), CLONE_NEWIPC);
    isolation->enterNamespace(std::move(uts), CLONE_NEWUTS);
    if (nested)
        isolation->enterNamespace(std::move(user), CLONE_NEWUSER);
    spec.isolation = std::move(isolation);
    return spec;
}

QString SandboxBackend::hostView(const QString &handle, const QString &insidePath) const
{
    const std::optional<PidHandle> init = initOf(handle);
    if (!init)
        return {};
    return QStringLiteral("/proc/%1/root%2").arg(init->pid()).arg(insidePath);
}

} // namespace spaces
