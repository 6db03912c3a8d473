#pragma once

// spacectl run on a pseudo-terminal of the test's own, as a user's terminal would run it: the
// slave is its stdin/stdout/stderr and controlling terminal; the test types into the master,
// reads what spacectl printed, resizes the window, signals it, and looks at the terminal's
// modes afterwards. The destructor kills it if it still runs.
#include <QByteArray>
#include <QList>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTest>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <optional>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <vector>

namespace spaces::test {

class SpacectlOnPty final
{
public:
    SpacectlOnPty(unsigned short columns, unsigned short rows)
    {
        winsize size{rows, columns, 0, 0};
        int master = -1;
        int slave = -1;
        if (::openpty(&master, &slave, nullptr, nullptr, &size) == 0) {
            m_master = master;
            m_slave = slave;
            ::fcntl(m_master, F_SETFL, ::fcntl(m_master, F_GETFL) | O_NONBLOCK);
            ::fcntl(m_master, F_SETFD, FD_CLOEXEC);
        }
    }
    ~SpacectlOnPty()
    {
        if (m_pid > 0 && !m_status) {
            ::kill(m_pid, SIGKILL);
            int ignored = 0;
            ::waitpid(m_pid, &ignored, 0);
        }
        if (m_master >= 0)
            ::close(m_master);
        if (m_slave >= 0)
            ::close(m_slave);
    }

    termios modes() const
    {
        termios now = {};
        ::tcgetattr(m_slave, &now);
        return now;
    }

    bool start(const QString &program, const QStringList &arguments,
               const QProcessEnvironment &environment)
    {
        if (m_master < 0)
            return false;
        QList<QByteArray> storage{program.toLocal8Bit()};
        for (const QString &argument : arguments)
            storage.append(argument.toLocal8Bit());
        const qsizetype argumentCount = storage.size();
        for (const QString &entry : environment.toStringList())
            storage.append(entry.toLocal8Bit());
        std::vector<char *> argv;
        std::vector<char *> envp;
        for (qsizetype i = 0; i < storage.size(); ++i)
            (i < argumentCount ? argv : envp).push_back(storage[i].data());
        argv.push_back(nullptr);
        envp.push_back(nullptr);
        m_pid = ::fork();
        if (m_pid == 0) {
            ::setsid();
            ::ioctl(m_slave, TIOCSCTTY, 0);
            ::dup2(m_slave, 0);
            ::dup2(m_slave, 1);
            ::dup2(m_slave, 2);
            ::execve(argv[0], argv.data(), envp.data());
            ::_exit(127);
        }
        return m_pid > 0;
    }

    void type(const QByteArray &keys)
    {
        [[maybe_unused]] auto n = ::write(m_master, keys.constData(), size_t(keys.size()));
    }
    void resize(unsigned short columns, unsigned short rows)
    {
        winsize size{rows, columns, 0, 0};
        ::ioctl(m_master, TIOCSWINSZ, &size); // the kernel sends SIGWINCH to spacectl
    }
    void signal(int number) { ::kill(m_pid, number); }

    bool waitForOutput(const QByteArray &text, int timeoutMs = 15000)
    {
        return QTest::qWaitFor(
            [&] {
                readAvailable();
                return m_output.contains(text);
            },
            timeoutMs);
    }
    // The exit status (128 + signal when killed), or -1 when it did not end in time.
    int waitForExit(int timeoutMs = 15000)
    {
        [[maybe_unused]] const bool ended = QTest::qWaitFor(
            [&] {
                readAvailable();
                int status = 0;
                if (!m_status && ::waitpid(m_pid, &status, WNOHANG) == m_pid)
                    m_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                return m_status.has_value();
            },
            timeoutMs);
        readAvailable();
        return m_status.value_or(-1);
    }
    QByteArray output() const { return m_output; }
    void clearOutput() { m_output.clear(); }

private:
    void readAvailable()
    {
        char buffer[4096];
        ssize_t got = 0;
        while ((got = ::read(m_master, buffer, sizeof buffer)) > 0)
            m_output.append(buffer, got);
    }

    int m_master = -1;
    int m_slave = -1;
    pid_t m_pid = -1;
    std::optional<int> m_status;
    QByteArray m_output;
};

} // namespace spaces::test
