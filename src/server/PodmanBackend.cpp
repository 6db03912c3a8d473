#include "PodmanBackend.h"

#include "ChildIsolation.h"
#include "ErrnoText.h"
#include "LaunchSpec.h"
#include "LogTail.h"
#include "ProcessGroup.h"
#include "ShellLocator.h"
#include "UniqueFd.h"

#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace spaces {

Q_LOGGING_CATEGORY(lcPodman, "spaces.podman", QtWarningMsg)

namespace {

using namespace std::chrono_literals;

const QString HandlePrefix = QStringLiteral("podman:");
const QString ScriptsInside = QStringLiteral("/run/spaces/scripts");
const QString ShellInside = QStringLiteral("/bin/sh");
// Creating may pull the image from a registry the first time.
constexpr auto CreateLimit = 300s;
constexpr auto CommandLimit = 30s;

QString containerOf(const QString &handle)
{
    return handle.startsWith(HandlePrefix) ? handle.mid(HandlePrefix.size()) : QString();
}

// The space's own variables: what differs from this server's environment. PATH stays the
// image's; HOME and SHELL are set on the command line to the container's paths.
QStringList spaceVariables(const QStringList &environment)
{
    const QProcessEnvironment server = QProcessEnvironment::systemEnvironment();
    QStringList own;
    for (const QString &entry : environment) {
        const qsizetype equals = entry.indexOf(u'=');
        if (equals <= 0)
            continue;
        const QString key = entry.left(equals);
        if (key == u"PATH" || key == u"HOME" || key == u"SHELL")
            continue;
        if (!server.contains(key) || server.value(key) != entry.mid(equals + 1))
            own.append(entry);
    }
    return own;
}

QString valueOf(const QStringList &environment, const QString &key, const QString &fallback)
{
    const QString prefix = key + u'=';
    for (const QString &entry : environment) {
        if (entry.startsWith(prefix))
            return entry.mid(prefix.size());
    }
    return fallback;
}

// `--env NAME` takes the value from podman's own environment: secrets stay off argv.
QStringList envArguments(const QStringList &variables, const QString &home)
{
    QStringList args{QStringLiteral("--env"), QStringLiteral("HOME=") + home,
                     QStringLiteral("--env"), QStringLiteral("SHELL=") + ShellInside};
    for (const QString &entry : variables)
        args << QStringLiteral("--env") << entry.left(entry.indexOf(u'='));
    return args;
}

// Waits for one byte on `fd` until the deadline; false on end of file or timeout.
bool waitForByte(int fd, std::chrono::steady_clock::time_point deadline)
{
    for (;;) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        pollfd entry{fd, POLLIN, 0};
        const int ready = ::poll(&entry, 1, int(left.count()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return false;
        char byte;
        const ssize_t got = ::read(fd, &byte, 1);
        if (got < 0 && errno == EINTR)
            continue;
        return got == 1;
    }
}

// The launcher: creates the container, says so on descriptor 4, then waits at the gate
// (descriptor 3): a line starts the container, end of file removes it. It ignores SIGPIPE
// and SIGHUP, so a server that died meanwhile cannot kill it before it cleaned up. Once the
// container runs it becomes `podman logs -f --timestamps`, which copies the services' output,
// each line after the time the container's monitor read it, to its own stdout (the stamper,
// which rewrites those times in the log's form) for as long as the container exists.
const QString LauncherScript = QStringLiteral(
    "trap '' PIPE HUP INT; p=$0; n=$1; shift; "
    "\"$p\" create \"$@\" >/dev/null || exit 1; "
    "printf r >&4; exec 4>&- 5<&-; "
    "if IFS= read -r _ <&3; then exec 3<&-; "
    "\"$p\" start \"$n\" >/dev/null && exec \"$p\" logs -f --timestamps \"$n\"; exit 1; fi; "
    "exec \"$p\" rm -f -t 0 \"$n\" >/dev/null");

// The container's first process: runs the startup command and passes a stop's TERM on to
// everything inside (a shell as pid 1 would ignore it), then waits for it to end and exits
// with its status, which podman keeps as the container's (how its services ended). The
// second wait is for a first one the trap interrupted; after a plain end it finds no such
// child (127) and the first status stands.
const QString InitScript = QStringLiteral(
    "trap 'kill -TERM -1 2>/dev/null' TERM INT; /bin/sh -c \"$1\" & c=$!; wait $c; s=$?; "
    "wait $c 2>/dev/null; t=$?; [ $t -ne 127 ] && s=$t; exit $s");
const QString IdleCommand = QStringLiteral("while :; do sleep 86400; done");

// A terminal's launcher inside the container: `podman exec` handed it the server's PTY slave
// (of the container's own devpts) as descriptor 3; the shell gets it as stdio and, through
// setsid -c, as its controlling terminal, so closing the master hangs the shell up as any
// terminal does. (With `podman exec -t` a closed terminal leaves the shell and its programs
// running: podman relays a PTY of conmon's, which outlives podman exec.) setsid runs as a
// child, never exec'd: this process already leads a session, and setsid would fork and exit
// 0 at once; the trailing exit keeps the shell from exec'ing it.
const QString TerminalLauncher =
    QStringLiteral("if command -v setsid >/dev/null 2>&1; then setsid -c \"$@\" <&3 >&3 2>&3 3>&-; "
                   "else echo 'the image has no setsid: this shell runs without job control' >&3; "
                   "\"$@\" <&3 >&3 2>&3 3>&-; fi; exit $?");

} // namespace

QString PodmanBackend::containerName(const QString &spaceId)
{
    return QStringLiteral("spaces-") + spaceId;
}

Expected<void> PodmanBackend::available() const
{
    if (!m_cli.isInstalled())
        return ApiError{500, QStringLiteral("Podman is not installed")};
    return {};
}

QString PodmanBackend::homeInside(const QString &spaceName, const QString &) const
{
    return QStringLiteral("/home/") + spaceName;
}

QString PodmanBackend::scriptsInside(const QString &) const
{
    return ScriptsInside;
}

QStringList PodmanBackend::createArguments(const SpaceLaunch &launch,
                                           const QStringList &forwarded) const
{
    const QString name = containerName(launch.spaceId);
    const QString home = homeInside(launch.spaceName, launch.hostHome);
    QStringList args{QStringLiteral("--replace"),
                     QStringLiteral("--name"),
                     name,
                     QStringLiteral("--label"),
                     QStringLiteral("spaces.space-id=") + launch.spaceId,
                     QStringLiteral("--hostname"),
                     launch.spaceName,
                     QStringLiteral("--network"),
                     QStringLiteral("host"),
                     QStringLiteral("--volume"),
                     launch.hostHome + u':' + home,
                     QStringLiteral("--volume"),
                     launch.scratchDirectory + u':' + ScriptsInside + QStringLiteral(":ro")};
    if (!launch.spacesModule.isEmpty()) {
        args << QStringLiteral("--volume")
             << launch.spacesModule + u':' + spacesModuleInside(launch.spacesModule) +
                    QStringLiteral(":ro");
    }
    if (!launch.connectionFolder.isEmpty()) {
        args << QStringLiteral("--volume")
             << launch.connectionFolder + u':' + connectionInside(launch.connectionFolder) +
                    QStringLiteral(":ro");
    }
    // A space's root is the container's, not the machine's: no capabilities (podman's default
    // keeps eleven, CAP_CHOWN and CAP_SETUID among them), for its services and commands alike.
    args << QStringLiteral("--cap-drop=all");
    for (const QString &volume : launch.volumes)
        args << QStringLiteral("--volume") << volume;
    args << QStringLiteral("--workdir") << home << envArguments(forwarded, home)
         << QStringLiteral("--entrypoint") << ShellInside << launch.image << QStringLiteral("-c")
         << InitScript << QStringLiteral("sh")
         << (launch.command.trimmed().isEmpty() ? IdleCommand : launch.command);
    return args;
}

Expected<LaunchedSpace> PodmanBackend::launch(const SpaceLaunch &launch) const
{
    if (const Expected<void> usable = available(); !usable)
        return usable.error();
    if (launch.image.trimmed().isEmpty())
        return ApiError{400, QStringLiteral("a podman template needs an \"image\"")};
    Expected<LaunchGate> gate = LaunchGate::open();
    if (!gate)
        return gate.error();
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        const int saved = errno;
        return ApiError{
            500, QStringLiteral("could not create a pipe: %1").arg(ErrnoText::describe(saved))};
    }
    UniqueFd readyRead(fds[0]);
    UniqueFd readyWrite(fds[1]);

    const QString name = containerName(launch.spaceId);
    const QStringList forwarded = spaceVariables(launch.environment);
    LaunchSpec spec;
    spec.program = ShellLocator::find(QStringLiteral("sh"));
    spec.shellPath = spec.program;
    spec.arguments = QStringList{QStringLiteral("-c"), LauncherScript, m_cli.program(), name} +
                     createArguments(launch, forwarded);
    spec.workingDirectory = QStringLiteral("/");
    spec.environment = PodmanCli::environmentWith(forwarded);
    spec.logFilePath = launch.logFile;
    spec.logStamps = LaunchSpec::LogStamps::Convert;
    spec.isolation = std::make_shared<ChildIsolation>();
    spec.isolation->passDescriptor(gate->readEnd());
    spec.isolation->passDescriptor(readyWrite.get());
    // Held by the launcher itself, so its report never meets a closed pipe.
    spec.isolation->passDescriptor(readyRead.get());

    QString error;
    const qint64 group = ProcessGroup::launch(spec, &error);
    gate->closeReadEnd();
    readyWrite.reset();
    if (group <= 0)
        return ApiError{500, error};
    if (!waitForByte(readyRead.get(), std::chrono::steady_clock::now() + CreateLimit)) {
        ::kill(pid_t(-group), SIGKILL);
        m_cli.run({QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("-t"),
                   QStringLiteral("0"), name},
                  CommandLimit);
        ProcessGroup::waitForLogWriters(launch.logFile, LogTail::WriterLimit);
        const QString reason = LogTail::lastLine(launch.logFile);
        qCWarning(lcPodman) << "podman create failed for" << launch.spaceId << reason;
        return ApiError{500,
                        QStringLiteral("the container could not be created%1")
                            .arg(reason.isEmpty() ? QString() : QStringLiteral(": ") + reason)};
    }
    LaunchedSpace launched;
    launched.handle = HandlePrefix + name;
    launched.gate = std::make_shared<LaunchGate>(std::move(gate.value()));
    qCDebug(lcPodman) << "created" << launch.spaceId << launched.handle;
    return launched;
}

PodmanBackend::ContainerState PodmanBackend::stateOf(const QString &container) const
{
    if (container.isEmpty())
        return {};
    const CommandOutcome outcome = m_cli.run(
        {QStringLiteral("container"), QStringLiteral("inspect"), QStringLiteral("--format"),
         QStringLiteral("{{.State.Status}} {{.State.Pid}}"), container},
        CommandLimit);
    if (outcome.exitCode != 0)
        return {};
    const QStringList words = QString::fromUtf8(outcome.output).split(u' ', Qt::SkipEmptyParts);
    ContainerState state;
    state.status = words.value(0).trimmed();
    state.pid = words.value(1).trimmed().toLongLong();
    return state;
}

Expected<qint64> PodmanBackend::runningInit(const QString &container) const
{
    if (!m_cli.isInstalled())
        return ApiError{500, QStringLiteral("Podman is not installed")};
    // Just released, its launcher is starting it: podman reports the steps on the way
    // ("created", then "configured" and "initialized" while the runtime sets it up), and an
    // inspect may fail while podman holds the container's lock. Only an ended container is
    // an answer; anything else is waited out (podman wait), a few times at most.
    static const QStringList ended{QStringLiteral("exited"), QStringLiteral("stopped"),
                                   QStringLiteral("removing"), QStringLiteral("dead")};
    constexpr int Looks = 4;
    ContainerState state;
    for (int look = 0; look < Looks; ++look) {
        state = stateOf(container);
        if ((state.status == u"running" && state.pid > 0) || ended.contains(state.status))
            break;
        m_cli.run({QStringLiteral("wait"), QStringLiteral("--condition=running"),
                   QStringLiteral("--condition=exited"), container},
                  CommandLimit);
    }
    if (state.status != u"running" || state.pid <= 0) {
        qCWarning(lcPodman) << "container" << container << "is" << state.status << state.pid;
        return ApiError{400, QStringLiteral("Space is not running")};
    }
    return state.pid;
}

bool PodmanBackend::isAlive(const QString &handle) const
{
    // "created": committed and released, its launcher about to start it (or, when the gate
    // was dropped, about to remove it: then the monitor sees it gone a moment later).
    static const QStringList living{QStringLiteral("created"),     QStringLiteral("configured"),
                                    QStringLiteral("initialized"), QStringLiteral("running"),
                                    QStringLiteral("paused"),      QStringLiteral("stopping")};
    return living.contains(stateOf(containerOf(handle)).status);
}

ServicesEnd PodmanBackend::howEnded(const QString &handle, const QString &) const
{
    ServicesEnd end;
    const QString container = containerOf(handle);
    if (container.isEmpty())
        return end;
    const CommandOutcome outcome = m_cli.run(
        {QStringLiteral("container"), QStringLiteral("inspect"), QStringLiteral("--format"),
         QStringLiteral("{{.State.Status}} {{.State.ExitCode}}"), container},
        CommandLimit);
    const QStringList words = QString::fromUtf8(outcome.output).split(u' ', Qt::SkipEmptyParts);
    bool isNumber = false;
    const int status = words.value(1).trimmed().toInt(&isNumber);
    if (outcome.exitCode != 0 || words.value(0) != u"exited" || !isNumber)
        return end;
    // The init script's `wait` reports a service ended by signal N as 128 + N, as shells do.
    if (status > 128 && status < 128 + 32)
        end.signal = status - 128;
    else
        end.code = status;
    return end;
}

bool PodmanBackend::stop(const QString &, const QString &handle,
                         std::chrono::milliseconds grace) const
{
    const QString container = containerOf(handle);
    if (container.isEmpty())
        return true;
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(grace);
    const CommandOutcome removed =
        m_cli.run({QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("-t"),
                   QString::number(seconds.count()), container},
                  seconds + CommandLimit);
    if (removed.exitCode != 0)
        qCWarning(lcPodman) << "podman rm" << container << removed.output.trimmed();
    // `container exists` answers 1 for a container that is not there.
    const CommandOutcome exists =
        m_cli.run({QStringLiteral("container"), QStringLiteral("exists"), container}, CommandLimit);
    return exists.exitCode == 1;
}

CommandSpec PodmanBackend::execSpec(const QString &container, const CommandSpec &spec,
                                    const QStringList &options, const QStringList &command) const
{
    const QStringList forwarded = spaceVariables(spec.environment);
    const QString home = valueOf(spec.environment, QStringLiteral("HOME"), QStringLiteral("/"));
    QStringList args{QStringLiteral("exec")};
    args << QStringLiteral("--workdir")
         << (spec.workingDirectory.isEmpty() ? home : spec.workingDirectory)
         << envArguments(forwarded, home) << options << container << command;
    CommandSpec inside = m_cli.spec(args, forwarded);
    inside.timeout = spec.timeout;
    inside.outputLimit = spec.outputLimit;
    inside.stop = spec.stop;
    inside.outputStream = spec.outputStream;
    return inside;
}

Expected<CommandSpec> PodmanBackend::enter(const QString &handle, CommandSpec spec) const
{
    const QString container = containerOf(handle);
    const Expected<qint64> init = runningInit(container);
    if (!init)
        return init.error();
    // Checked here rather than through hostView(), which may not wait on podman. Through the
    // container's first process: its root is the container's file system, whatever the
    // storage driver. (An absolute symbolic link on the way is followed on this side: only a
    // check, for a clear sentence; podman exec has the last word.)
    const QString workdir = spec.workingDirectory;
    if (!workdir.isEmpty() &&
        !QFileInfo(QStringLiteral("/proc/%1/root%2").arg(init.value()).arg(workdir)).isDir()) {
        return ApiError::badRequest(
            QStringLiteral("working directory '%1' does not exist in the space").arg(workdir));
    }
    // The host's path of a shell or interpreter means nothing in the image: its PATH finds the
    // program of the same name.
    return execSpec(container, spec, {QStringLiteral("-i")},
                    QStringList{QFileInfo(spec.program).fileName()} + spec.arguments);
}

Expected<TerminalEntry> PodmanBackend::enterTerminal(const QString &handle, CommandSpec spec) const
{
    const QString container = containerOf(handle);
    const Expected<qint64> init = runningInit(container);
    if (!init)
        return init.error();
    TerminalEntry entry;
    const QString terminalType =
        valueOf(spec.environment, QStringLiteral("TERM"), QStringLiteral("xterm-256color"));
    entry.spec = execSpec(container, spec,
                          {QStringLiteral("--preserve-fds=1"), QStringLiteral("--env"),
                           QStringLiteral("TERM=") + terminalType},
                          QStringList{ShellInside, QStringLiteral("-c"), TerminalLauncher,
                                      QStringLiteral("sh"), QFileInfo(spec.program).fileName()} +
                              spec.arguments);
    // The container's own devpts, reached through its first process: `tty` inside names the
    // terminal, and the master stays with this server (resizes need no relay).
    entry.multiplexer = QStringLiteral("/proc/%1/root/dev/pts/ptmx").arg(init.value());
    entry.handsTerminalOn = true;
    return entry;
}

} // namespace spaces
