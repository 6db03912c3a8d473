#include "ChildProcess.h"

#include <QFile>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace spaces::bench {

ChildProcess::~ChildProcess()
{
    if (m_pid > 0) {
        ::kill(-m_pid, SIGKILL);
        waitForExit();
    }
}

bool ChildProcess::start(const QString &program, const QStringList &arguments,
                         const Options &options, QString *error)
{
    // Everything the child needs is built before fork: after it, only system calls.
    std::vector<QByteArray> storage;
    storage.push_back(QFile::encodeName(program));
    for (const QString &argument : arguments)
        storage.push_back(argument.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &entry : storage)
        argv.push_back(entry.data());
    argv.push_back(nullptr);
    const QByteArray directory = QFile::encodeName(options.workingDirectory);

    m_pid = ::fork();
    if (m_pid < 0) {
        *error = QStringLiteral("fork: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (m_pid == 0) {
        ::setpgid(0, 0);
        if (options.quiet) {
            const int null = ::open("/dev/null", O_RDWR);
            ::dup2(null, STDOUT_FILENO);
            ::dup2(null, STDERR_FILENO);
        }
        // dup2 leaves the copy without FD_CLOEXEC, so it survives exec.
        if (options.passedDescriptor == 3)
            ::fcntl(3, F_SETFD, 0);
        else if (options.passedDescriptor >= 0 && ::dup2(options.passedDescriptor, 3) < 0)
            ::_exit(127);
        if (!directory.isEmpty() && ::chdir(directory.constData()) != 0)
            ::_exit(127);
        if (options.switchUser && (::setgroups(0, nullptr) != 0 || ::setgid(options.gid) != 0 ||
                                   ::setuid(options.uid) != 0))
            ::_exit(127);
        ::execve(argv[0], argv.data(), environ);
        ::_exit(127);
    }
    // Also here, so that a signal to the group cannot race the child's own setpgid.
    ::setpgid(m_pid, m_pid);
    return true;
}

int ChildProcess::terminateAndWait()
{
    if (m_pid <= 0)
        return -1;
    ::kill(-m_pid, SIGTERM);
    return waitForExit();
}

int ChildProcess::waitForExit()
{
    if (m_pid <= 0)
        return -1;
    int status = 0;
    pid_t got;
    do {
        got = ::waitpid(m_pid, &status, 0);
    } while (got < 0 && errno == EINTR);
    m_pid = -1;
    if (got < 0)
        return -1;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

int ChildProcess::run(const QString &program, const QStringList &arguments)
{
    return run(program, arguments, Options());
}

int ChildProcess::run(const QString &program, const QStringList &arguments, const Options &options)
{
    ChildProcess child;
    QString ignored;
    if (!child.start(program, arguments, options, &ignored))
        return 127;
    return child.waitForExit();
}

} // namespace spaces::bench
