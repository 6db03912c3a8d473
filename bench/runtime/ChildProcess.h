#pragma once

#include <QString>
#include <QStringList>
#include <sys/types.h>

namespace spaces::bench {

// A child started with fork+exec in a process group of its own, without QProcess, so that
// what the floors time is the kernel's work and the program's, nothing of Qt's. Optionally
// as another uid (the one spacesd gives its spaces when it runs as root). The destructor
// SIGKILLs the group and reaps the child if it is still there.
class ChildProcess final
{
public:
    struct Options
    {
        QString workingDirectory; // empty: the bench's own
        uid_t uid = 0;            // with switchUser: dropped to before exec
        gid_t gid = 0;
        bool switchUser = false;
        bool quiet = true;         // stdout and stderr to /dev/null
        int passedDescriptor = -1; // given to the child as descriptor 3
    };

    ChildProcess() = default;
    ~ChildProcess();
    ChildProcess(const ChildProcess &) = delete;
    ChildProcess &operator=(const ChildProcess &) = delete;

    // Starts `program arguments...`; false (and *error) when fork failed. A failed exec shows
    // as exit code 127.
    bool start(const QString &program, const QStringList &arguments, const Options &options,
               QString *error);
    // SIGTERM to the whole group, then waitpid of the child: the floor of a stop.
    int terminateAndWait();
    // waitpid of the child; its exit code, or 128 + signal, or -1.
    int waitForExit();
    pid_t pid() const { return m_pid; }

    // Runs to completion; its exit code (127: could not run).
    static int run(const QString &program, const QStringList &arguments);
    static int run(const QString &program, const QStringList &arguments, const Options &options);

private:
    pid_t m_pid = -1;
};

} // namespace spaces::bench
