#include "PtyProcess.h"

#include "ChildImage.h"
#include "ChildIsolation.h"
#include "ErrnoText.h"
#include "ExecStatusPipe.h"

#include <QFile>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <utility>

namespace spaces {

namespace {

int openPidFd(pid_t pid)
{
#ifdef SYS_pidfd_open
    return int(::syscall(SYS_pidfd_open, pid, 0));
#else
    Q_UNUSED(pid);
    errno = ENOSYS;
    return -1;
#endif
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// The master from `ptmx`, unlocked, and its slave opened through it (TIOCGPTPEER needs no
// path, which a sandbox's /dev/pts would not have on this side).
bool openTerminal(const QString &ptmx, UniqueFd *master, UniqueFd *slave, QString *error)
{
    master->reset(::open(QFile::encodeName(ptmx).constData(), O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!master->isValid()) {
        const int saved = errno;
        return fail(error, QStringLiteral("Could not open a terminal (%1): %2")
                               .arg(ptmx, ErrnoText::describe(saved)));
    }
    int unlock = 0;
    if (::ioctl(master->get(), TIOCSPTLCK, &unlock) != 0) {
        const int saved = errno;
        return fail(
            error,
            QStringLiteral("Could not unlock a terminal: %1").arg(ErrnoText::describe(saved)));
    }
    slave->reset(::ioctl(master->get(), TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!slave->isValid()) {
        const int saved = errno;
        return fail(error, QStringLiteral("Could not open a terminal's other end: %1")
                               .arg(ErrnoText::describe(saved)));
    }
    return true;
}

} // namespace

std::optional<PtyProcess> PtyProcess::spawn(const CommandSpec &spec, const QString &ptmx,
                                            unsigned short columns, unsigned short rows,
                                            Holder holder, QString *error)
{
    ChildImage image;
    if (!image.prepare(spec.program, spec.arguments, spec.environment, spec.workingDirectory,
                       error))
        return std::nullopt;
    image.setControllingTerminal(holder == Holder::Program);
    PtyProcess process;
    UniqueFd slave;
    if (!openTerminal(ptmx, &process.m_master, &slave, error))
        return std::nullopt;
    const winsize size{rows, columns, 0, 0};
    ::ioctl(slave.get(), TIOCSWINSZ, &size);
    ExecStatusPipe status;
    if (!status.open(error))
        return std::nullopt;
    std::shared_ptr<ChildIsolation> isolation = spec.isolation;
    if (holder == Holder::Descendant) {
        // A copy: the caller's isolation may serve other runs.
        isolation = isolation ? std::make_shared<ChildIsolation>(*isolation)
                              : std::make_shared<ChildIsolation>();
        isolation->passDescriptor(slave.get());
    }
    if (isolation)
        isolation->prepare();

    const pid_t pid = ::fork();
    if (pid < 0) {
        const int saved = errno;
        fail(error, image.describeFailure(ChildImage::Stage::Fork, saved));
        return std::nullopt;
    }
    if (pid == 0)
        image.exec(slave.get(), slave.get(), status.writeFd(), isolation.get());

    process.m_pid = pid;
    slave.reset();
    status.closeWriteEnd();
    for (const ExecStatusPipe::Record &record : status.receiveAll()) {
        if (record.kind == ExecStatusPipe::Kind::Failed) {
            int ignored = 0;
            ::waitpid(pid, &ignored, 0);
            process.m_pid = -1;
            fail(error, image.describeFailure(ChildImage::Stage(record.value), record.errnum));
            return std::nullopt;
        }
    }
    process.m_exitFd.reset(openPidFd(pid));
    ::fcntl(process.m_master.get(), F_SETFL, ::fcntl(process.m_master.get(), F_GETFL) | O_NONBLOCK);
    // The program has exec'd, so it took the terminal: the terminal knows its session, in our
    // pid namespace (the child may be only the sandbox's outer mirror of it).
    pid_t session = -1;
    process.m_session = ::ioctl(process.m_master.get(), TIOCGSID, &session) == 0 ? session : pid;
    process.m_foreground = process.m_session;
    return process;
}

PtyProcess::PtyProcess(PtyProcess &&other) noexcept
    : m_master(std::move(other.m_master))
    , m_exitFd(std::move(other.m_exitFd))
    , m_pid(std::exchange(other.m_pid, -1))
    , m_session(other.m_session)
    , m_foreground(other.m_foreground)
    , m_exitStatus(other.m_exitStatus)
{}

PtyProcess::~PtyProcess()
{
    if (m_pid > 0 && !m_exitStatus) {
        kill();
        int ignored = 0;
        ::waitpid(m_pid, &ignored, 0);
    }
}

bool PtyProcess::resize(unsigned short columns, unsigned short rows) const
{
    const winsize size{rows, columns, 0, 0};
    return m_master.isValid() && ::ioctl(m_master.get(), TIOCSWINSZ, &size) == 0;
}

void PtyProcess::signalTerminal(int signal) const
{
    if (m_foreground > 1)
        ::kill(-m_foreground, signal);
    if (m_session > 1)
        ::kill(-m_session, signal);
}

void PtyProcess::learnHolders()
{
    if (!m_master.isValid())
        return;
    pid_t session = -1;
    if (::ioctl(m_master.get(), TIOCGSID, &session) == 0 && session > 1)
        m_session = session;
    pid_t foreground = -1;
    if (::ioctl(m_master.get(), TIOCGPGRP, &foreground) == 0 && foreground > 1)
        m_foreground = foreground;
}

void PtyProcess::hangUp()
{
    learnHolders();
    if (!m_exitStatus) {
        signalTerminal(SIGHUP);
        signalTerminal(SIGCONT); // a stopped job must run to see its SIGHUP
    }
    m_master.reset();
}

void PtyProcess::kill()
{
    if (m_exitStatus)
        return;
    learnHolders();
    signalTerminal(SIGKILL);
    if (m_pid > 0)
        ::kill(m_pid, SIGKILL);
}

std::optional<int> PtyProcess::reap()
{
    if (m_exitStatus || m_pid <= 0)
        return m_exitStatus;
    int status = 0;
    pid_t result = 0;
    do {
        result = ::waitpid(m_pid, &status, WNOHANG);
    } while (result < 0 && errno == EINTR);
    if (result == 0)
        return std::nullopt;
    if (result < 0)
        m_exitStatus = 255; // someone else reaped it: the status is lost
    else if (WIFEXITED(status))
        m_exitStatus = WEXITSTATUS(status);
    else
        m_exitStatus = 128 + WTERMSIG(status);
    return m_exitStatus;
}

} // namespace spaces
