#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <vector>

namespace spaces {

class ChildIsolation;

// Everything a forked child needs to become the target program, converted to C strings before
// fork(). Between fork() and execve() in a multi-threaded server only async-signal-safe calls are
// allowed: no malloc, no locks, no Qt. exec() obeys that.
class ChildImage final
{
public:
    // What the child was doing when it failed; sent back through ExecStatusPipe.
    enum class Stage : int
    {
        Fork = 1,
        Session,
        WorkingDirectory,
        Redirect,
        Exec,
        ControllingTerminal,
        // ChildIsolation's steps: Isolation + int(ChildIsolation::Failure)
        Isolation = 100,
    };

    // Returns false with *error set when the inputs cannot be passed to execve(): a program that
    // is not an absolute path, or a NUL byte inside an argument or environment entry.
    // An empty working directory keeps the caller's.
    bool prepare(const QString &program, const QStringList &arguments,
                 const QStringList &environment, const QString &workingDirectory, QString *error);

    // Child side, after fork(); never returns. Starts a new session (so the child leads its own
    // process group), restores default signal handling, enters the working directory, puts
    // stdinFd on 0 and outputFd on 1 and 2, closes every other descriptor and execs. On failure
    // it reports the stage and errno on statusFd and exits with 127.
    // With `isolation`, its steps run after the new session and before the working directory
    // is entered (so a directory inside a sandbox is found), and its passed descriptors land
    // on 3, 4, ...
    [[noreturn]] void exec(int stdinFd, int outputFd, int statusFd,
                           const ChildIsolation *isolation = nullptr) const noexcept;

    // For a terminal: stdin is a PTY's slave that becomes the program's controlling terminal,
    // in a session the program leads (inside the sandbox's pid namespace when it enters one).
    void setControllingTerminal(bool controlling) { m_controllingTerminal = controlling; }

    // Parent side: a sentence for a failure the child reported.
    QString describeFailure(Stage stage, int errnum) const;

private:
    QString m_program;
    QString m_workingDirectory;
    QByteArray m_programPath;
    QByteArray m_workingDirectoryPath;
    QList<QByteArray> m_storage; // owns the bytes m_argv and m_envp point into
    std::vector<char *> m_argv;
    std::vector<char *> m_envp;
    bool m_controllingTerminal = false;
    int m_highestFd = 1024; // for the close loop when close_range() is unavailable
};

} // namespace spaces
