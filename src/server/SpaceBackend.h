#pragma once

#include "CommandSpec.h"
#include "Expected.h"
#include "LaunchGate.h"
#include "UniqueFd.h"

#include <QString>
#include <QStringList>
#include <chrono>
#include <memory>
#include <optional>

namespace spaces {

// What the coordinator (LocalRuntime) hands a backend to start a space.
struct SpaceLaunch
{
    QString spaceId;
    QString spaceName;
    QString shellPath;        // the space's shell, as installed on this computer
    QString command;          // the template's startup command; empty: no services
    QStringList environment;  // complete, with HOME as the space sees it
    QString hostHome;         // the space's home folder on this computer
    QString scratchDirectory; // where scripts to run are written, on this computer
    QString logFile;          // stdout and stderr of the services
    QString statusFile;       // where a backend that can may record how the services ended
    QString image;            // container backends: the template's image
    QStringList volumes;      // container backends: the template's extra volumes
    // The folder holding the `spaces` Python package on this computer, mounted read-only at
    // spacesModuleInside() (the Remote environment); empty: none.
    QString spacesModule;
    // The server's connection folder (RemoteEnvironment::publish) on this computer, mounted
    // read-only at connectionInside(); empty: none.
    QString connectionFolder;
};

// What runs after a launch: the handle the Store keeps, and the gate that lets it go on.
struct LaunchedSpace
{
    QString handle;          // opaque, "<backend>:..."; empty: nothing runs (no services)
    qint64 processGroup = 0; // for tools and tests that look at real processes
    std::shared_ptr<LaunchGate> gate;
};

// How the services of a space ended on their own: an exit status or a signal, as far as the
// backend can tell (neither: it cannot).
struct ServicesEnd
{
    std::optional<int> code;
    int signal = 0;
};

// How a terminal gets into a running space: what to run on the PTY, and where the PTY comes
// from.
struct TerminalEntry
{
    // Runs with the PTY's slave as its stdin, stdout and stderr.
    CommandSpec spec;
    // The multiplexer to take the PTY from: the space's own /dev/pts/ptmx as this server
    // reaches it, so that `tty` inside names a /dev/pts/N that exists there; empty or
    // missing: the host's /dev/ptmx.
    QString multiplexer;
    // The program is only a launcher (podman exec) that hands the slave, as descriptor 3, to
    // the shell inside, and that shell takes it as its controlling terminal; the launcher
    // must not take it itself (a terminal has one session).
    bool handsTerminalOn = false;
};

// One way of running local spaces (convention 13: one class per backend, chosen by the
// template's platform). A backend keeps no state about spaces: everything it needs later is
// in the handle, which the Store commits before the space may outlive a crash of spacesd.
// Launch, stop, enter and isAlive run on worker threads; the others on the server thread.
class SpaceBackend
{
public:
    virtual ~SpaceBackend() = default;

    // Prefix of the handles it makes ("sandbox", "group").
    virtual QString name() const = 0;
    // The platform spaces of this backend report (Knot's enum).
    virtual QString platform() const = 0;
    // Whether it can run here; the error is the sentence a start answers.
    virtual Expected<void> available() const = 0;

    // The paths the space's processes see.
    virtual QString homeInside(const QString &spaceName, const QString &hostHome) const = 0;
    virtual QString scriptsInside(const QString &hostScratch) const = 0;
    // Where the space sees SpaceLaunch::spacesModule: a fixed path in the space's own file
    // system, where the isolating backends mount it.
    virtual QString spacesModuleInside(const QString &hostFolder) const
    {
        Q_UNUSED(hostFolder);
        return QStringLiteral("/run/spaces/python");
    }
    // Where the space sees SpaceLaunch::connectionFolder, likewise.
    virtual QString connectionInside(const QString &hostFolder) const
    {
        Q_UNUSED(hostFolder);
        return QStringLiteral("/run/spaces/connection");
    }
    // Makes folders and files the server wrote usable by the space's user.
    virtual Expected<void> handOver(const QStringList &paths) const = 0;

    // Starts the space held at its gate: nothing the template asked for runs before
    // LaunchGate::release(), and a gate dropped unreleased (the server died, the Store
    // refused the handle) makes everything launched end by itself.
    virtual Expected<LaunchedSpace> launch(const SpaceLaunch &launch) const = 0;
    virtual bool isAlive(const QString &handle) const = 0;
    // A descriptor that becomes readable when the services of `handle` have ended, for the
    // server's event loop to watch (no polling); invalid when the backend cannot give one
    // (then the periodic check finds the end).
    virtual UniqueFd endNotifier(const QString &handle) const
    {
        Q_UNUSED(handle);
        return {};
    }
    // Once the services have ended: how (reads what the launch recorded in `statusFile`).
    // Runs on a worker thread.
    virtual ServicesEnd howEnded(const QString &handle, const QString &statusFile) const
    {
        Q_UNUSED(handle);
        Q_UNUSED(statusFile);
        return {};
    }
    // Ends everything the space started: TERM, then KILL after `grace`. True when gone.
    virtual bool stop(const QString &spaceId, const QString &handle,
                      std::chrono::milliseconds grace) const = 0;
    // A command spec that runs inside the running space. `spec.workingDirectory` is a path
    // as the space sees it. A terminal (PTY) run is meant to use the same spec with a PTY
    // for stdio.
    virtual Expected<CommandSpec> enter(const QString &handle, CommandSpec spec) const = 0;
    // The same for a terminal: `spec` is the shell to run on a PTY. Runs on a worker thread.
    // By default the spec of enter() on a PTY of the space's own devpts (hostView()).
    virtual Expected<TerminalEntry> enterTerminal(const QString &handle, CommandSpec spec) const
    {
        Expected<CommandSpec> inside = enter(handle, std::move(spec));
        if (!inside)
            return inside.error();
        TerminalEntry entry;
        entry.spec = std::move(inside.value());
        entry.multiplexer = hostView(handle, QStringLiteral("/dev/pts/ptmx"));
        return entry;
    }
    // A path of the running space as this server can look at it (to check a working
    // directory before running), or empty when it cannot.
    virtual QString hostView(const QString &handle, const QString &insidePath) const = 0;
};

} // namespace spaces
