#include "ChildImage.h"

#include "ChildIsolation.h"
#include "ErrnoText.h"
#include "ExecStatusPipe.h"

#include <QFile>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace spaces {

namespace {

bool containsNul(const QByteArray &bytes)
{
    return bytes.contains('\0');
}

} // namespace

bool ChildImage::prepare(const QString &program, const QStringList &arguments,
                         const QStringList &environment, const QString &workingDirectory,
                         QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };

    m_program = program;
    m_workingDirectory = workingDirectory;
    // execve() would resolve a relative path against the new working directory, which is never
    // what a caller means.
    if (!program.startsWith(u'/'))
        return fail(QStringLiteral("The program \"%1\" is not an absolute path").arg(program));
    m_programPath = QFile::encodeName(program);
    m_workingDirectoryPath = QFile::encodeName(workingDirectory);
    if (containsNul(m_programPath) || containsNul(m_workingDirectoryPath))
        return fail(QStringLiteral("A path contains a NUL character"));

    m_storage.clear();
    m_storage.reserve(1 + arguments.size() + environment.size());
    m_storage.append(m_programPath);
    for (const QString &argument : arguments) {
        m_storage.append(argument.toUtf8());
        if (containsNul(m_storage.last()))
            return fail(QStringLiteral("An argument contains a NUL character"));
    }
    for (const QString &entry : environment) {
        m_storage.append(entry.toUtf8());
        if (containsNul(m_storage.last()) || !m_storage.last().contains('='))
            return fail(QStringLiteral("The environment entry \"%1\" is not KEY=VALUE").arg(entry));
    }

    // The pointers are taken only now that m_storage no longer grows.
    m_argv.clear();
    m_envp.clear();
    const qsizetype argumentCount = 1 + arguments.size();
    for (qsizetype i = 0; i < m_storage.size(); ++i)
        (i < argumentCount ? m_argv : m_envp).push_back(m_storage[i].data());
    m_argv.push_back(nullptr);
    m_envp.push_back(nullptr);

    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        m_highestFd = int(qMin<rlim_t>(limit.rlim_cur, 1 << 20));
    return true;
}

void ChildImage::exec(int stdinFd, int outputFd, int statusFd,
                      const ChildIsolation *isolation) const noexcept
{
    auto fail = [&statusFd](Stage stage) {
        ExecStatusPipe::send(statusFd, ExecStatusPipe::Kind::Failed, errno, qint64(stage));
        ::_exit(127);
    };

    if (::setsid() < 0)
        fail(Stage::Session);

    // Ignored signals (the server ignores SIGPIPE) and the blocked mask survive execve(); the
    // space's programs must start with the defaults. SIGKILL/SIGSTOP fail harmlessly.
    struct sigaction defaults = {};
    defaults.sa_handler = SIG_DFL;
    sigemptyset(&defaults.sa_mask);
    for (int signal = 1; signal < NSIG; ++signal)
        ::sigaction(signal, &defaults, nullptr);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);

    // Lift every descriptor we keep above the ones the program gets (0-2 and the passed
    // ones at 3, 4, ...) first, so that the dup2() calls below cannot overwrite one of them
    // when the server runs with 0, 1 or 2 closed.
    const std::vector<int> noneToPass;
    const std::vector<int> &toPass = isolation ? isolation->passedDescriptors() : noneToPass;
    const int firstFree = 3 + int(toPass.size());
    const int status = ::fcntl(statusFd, F_DUPFD_CLOEXEC, firstFree);
    if (status < 0)
        fail(Stage::Redirect);
    statusFd = status;
    const int input = ::fcntl(stdinFd, F_DUPFD_CLOEXEC, firstFree);
    const int output = ::fcntl(outputFd, F_DUPFD_CLOEXEC, firstFree);
    if (input < 0 || output < 0)
        fail(Stage::Redirect);
    int lifted[16];
    const size_t passCount = qMin<size_t>(toPass.size(), 16);
    for (size_t i = 0; i < passCount; ++i) {
        lifted[i] = ::fcntl(toPass[i], F_DUPFD_CLOEXEC, firstFree);
        if (lifted[i] < 0)
            fail(Stage::Redirect);
    }

    if (isolation) {
        const ChildIsolation::Failure failure = isolation->apply(statusFd);
        if (failure != ChildIsolation::Failure::None)
            fail(Stage(int(Stage::Isolation) + int(failure)));
    }

    if (m_controllingTerminal) {
        // After entering a pid namespace this is the inner child, a member of the session the
        // outer one leads: it needs a session of its own to own the terminal.
        if (::getsid(0) != ::getpid() && ::setsid() < 0)
            fail(Stage::Session);
        if (::ioctl(input, TIOCSCTTY, 0) != 0)
            fail(Stage::ControllingTerminal);
    }

    if (!m_workingDirectoryPath.isEmpty() && ::chdir(m_workingDirectoryPath.constData()) != 0)
        fail(Stage::WorkingDirectory);

    if (::dup2(input, STDIN_FILENO) < 0 || ::dup2(output, STDOUT_FILENO) < 0 ||
        ::dup2(output, STDERR_FILENO) < 0)
        fail(Stage::Redirect);
    for (size_t i = 0; i < passCount; ++i) {
        if (::dup2(lifted[i], 3 + int(i)) < 0) // dup2 clears close-on-exec on the copy
            fail(Stage::Redirect);
    }

    // Nothing of the server (sockets, database, other spaces' pipes) may leak into a space.
    // Marking everything close-on-exec keeps statusFd usable until execve() succeeds.
    if (::close_range(unsigned(firstFree), ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
        for (int fd = firstFree; fd <= m_highestFd; ++fd) {
            if (fd != statusFd)
                ::close(fd);
        }
    }

    ::execve(m_programPath.constData(), m_argv.data(), m_envp.data());
    fail(Stage::Exec);
    ::_exit(127); // not reached; fail() exits
}

QString ChildImage::describeFailure(Stage stage, int errnum) const
{
    if (int(stage) > int(Stage::Isolation))
        return ChildIsolation::describe(ChildIsolation::Failure(int(stage) - int(Stage::Isolation)),
                                        errnum);
    const QString reason = ErrnoText::describe(errnum);
    switch (stage) {
    case Stage::Fork:
        return QStringLiteral("Could not start a process: %1").arg(reason);
    case Stage::Session:
        return QStringLiteral("Could not start a new session: %1").arg(reason);
    case Stage::WorkingDirectory:
        return QStringLiteral("Could not enter the working directory %1: %2")
            .arg(m_workingDirectory, reason);
    case Stage::Redirect:
        return QStringLiteral("Could not redirect the standard streams: %1").arg(reason);
    case Stage::ControllingTerminal:
        return QStringLiteral("Could not make the terminal the controlling one: %1").arg(reason);
    case Stage::Exec:
    case Stage::Isolation:
        break;
    }
    return QStringLiteral("Could not execute %1: %2").arg(m_program, reason);
}

} // namespace spaces
