#include "Spawner.h"

#include "SpawnRequest.h"
#include "SpawnerLoop.h"
#include "SpawnerProtocol.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace spaces {

Q_LOGGING_CATEGORY(lcSpawner, "spaces.spawner", QtWarningMsg)

namespace {

std::atomic<int> controlSocket{-1};
std::atomic<qint64> spawnerPid{-1};

// The spawner's first steps, in the fresh child.
[[noreturn]] void becomeSpawner(int control, pid_t server)
{
    // Ends with the server, however the server ends; SpawnerLoop turns the TERM into a
    // SIGKILL of every command still running.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    // Told apart from the server in ps, top and by tools that look for spacesd processes.
    ::prctl(PR_SET_NAME, "spaces-spawner");
    if (::getppid() != server)
        ::_exit(0);
    // Out of the server's process group: a Ctrl+C at the server's terminal is the server's
    // business (it then ends, and this with it).
    ::setpgid(0, 0);
    // Nothing of the terminal or of the server's output but its error stream.
    const int devNull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devNull >= 0) {
        ::dup2(devNull, STDIN_FILENO);
        ::dup2(devNull, STDOUT_FILENO);
        ::close(devNull);
    }
    SpawnerLoop loop(control);
    ::_exit(loop.run());
}

} // namespace

void Spawner::start()
{
    if (controlSocket.load() >= 0)
        return;
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
        qCWarning(lcSpawner) << "no spawner (socketpair failed):" << ::strerror(errno);
        return;
    }
    const pid_t server = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        qCWarning(lcSpawner) << "no spawner (fork failed):" << ::strerror(errno);
        ::close(pair[0]);
        ::close(pair[1]);
        return;
    }
    if (pid == 0) {
        ::close(pair[0]);
        becomeSpawner(pair[1], server);
    }
    ::close(pair[1]);
    spawnerPid = pid;
    controlSocket = pair[0];
}

bool Spawner::isRunning()
{
    return controlSocket.load() >= 0;
}

qint64 Spawner::processId()
{
    return spawnerPid.load();
}

std::optional<RunningChild> Spawner::spawn(const SpawnRequest &request, int stdinFd, int outputFd,
                                           int statusFd)
{
    const int control = controlSocket.load();
    if (control < 0)
        return std::nullopt;
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
        return std::nullopt;
    UniqueFd mine(pair[0]);
    UniqueFd theirs(pair[1]);
    std::vector<int> fds{theirs.get(), stdinFd, outputFd, statusFd};
    const QByteArray bytes = request.encode(&fds);
    if (!SpawnerProtocol::sendDescriptors(control, fds)) {
        // EPIPE: the spawner is gone (killed by someone); fork here from now on.
        qCWarning(lcSpawner) << "the spawner does not answer, forking commands in the server:"
                             << ::strerror(errno);
        if (errno == EPIPE || errno == ECONNREFUSED)
            controlSocket = -1;
        return std::nullopt;
    }
    // Only the spawner may hold the other end: its end (or death) is how we learn the exit.
    theirs.reset();
    SpawnerProtocol::Header header;
    header.size = quint32(bytes.size());
    SpawnerProtocol::Started started;
    if (!SpawnerProtocol::writeAll(mine.get(), &header, sizeof header) ||
        !SpawnerProtocol::writeAll(mine.get(), bytes.constData(), std::size_t(bytes.size())) ||
        !SpawnerProtocol::readExact(mine.get(), &started, sizeof started))
        started.pid = -1;
    if (started.pid <= 0)
        return RunningChild::spawned(-1, UniqueFd());
    return RunningChild::spawned(pid_t(started.pid), std::move(mine));
}

} // namespace spaces
