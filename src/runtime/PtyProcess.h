#pragma once

#include "CommandSpec.h"
#include "UniqueFd.h"

#include <QString>
#include <optional>
#include <sys/types.h>

namespace spaces {

// A program on a pseudo-terminal: the PTY's slave is its stdin, stdout, stderr and
// controlling terminal, in a session it leads (setsid + TIOCSCTTY), so job control, Ctrl-C
// and SIGWINCH work as in any terminal. The master is non-blocking, for a QSocketNotifier.
// Spawning blocks only until the child has exec'd (or failed to); everything else returns at
// once. A live child is killed (whole session) when the object goes.
class PtyProcess final
{
public:
    // Who makes the terminal its controlling terminal.
    enum class Holder
    {
        // The program itself (a shell, or what enters a sandbox and becomes the shell).
        Program,
        // A program it starts elsewhere (`podman exec` starting a shell in a container): the
        // program gets the slave also as its next passed descriptor (3 when it has none
        // other) and runs in a session of its own without a controlling terminal.
        Descendant,
    };

    // `ptmx`: the multiplexer to take the PTY from ("/dev/ptmx", or a sandbox's or a
    // container's own /dev/pts/ptmx, so the program sees its terminal under its own /dev/pts).
    static std::optional<PtyProcess> spawn(const CommandSpec &spec, const QString &ptmx,
                                           unsigned short columns, unsigned short rows,
                                           Holder holder, QString *error);

    PtyProcess(PtyProcess &&other) noexcept;
    PtyProcess &operator=(PtyProcess &&other) = delete;
    ~PtyProcess();

    int masterFd() const { return m_master.get(); }
    // Readable when the child has exited (a pidfd); -1 on kernels without pidfds.
    int exitFd() const { return m_exitFd.get(); }
    pid_t pid() const { return m_pid; }
    // The program holding the terminal as this server sees it (it runs one pid namespace down
    // in a sandbox), as last learnt; the spawned program until a descendant took the terminal.
    pid_t sessionLeader() const { return m_session; }

    // TIOCSWINSZ: the kernel sends SIGWINCH to the foreground group.
    bool resize(unsigned short columns, unsigned short rows) const;
    // The terminal hangs up: SIGHUP and SIGCONT to its foreground group and the session leader,
    // then the master closes (what a terminal window closing does).
    void hangUp();
    // SIGKILL to the session, the foreground group and the child.
    void kill();
    // The exit status once the child has ended (reaped here): 0-255, or 128 + signal.
    std::optional<int> reap();
    bool hasEnded() const { return m_exitStatus.has_value(); }

private:
    PtyProcess() = default;
    void signalTerminal(int signal) const;
    // The terminal's session and foreground group now, as far as the master tells.
    void learnHolders();

    UniqueFd m_master;
    UniqueFd m_exitFd;
    pid_t m_pid = -1;
    pid_t m_session = -1;
    pid_t m_foreground = -1; // last seen, for after the master is closed
    std::optional<int> m_exitStatus;
};

} // namespace spaces
