#pragma once

#include "PodmanCli.h"
#include "SpaceBackend.h"

#include <QLoggingCategory>

namespace spaces {

Q_DECLARE_LOGGING_CATEGORY(lcPodman)

// `"platform": "podman"`: each space is a container made from the template's image through
// the podman command line. The container is named spaces-<space id> and labelled
// spaces.space-id=<id>; it shares the host network (forwards reach it on loopback), sees the
// space's home at /home/<space name>, the scripts folder read-only at /run/spaces/scripts,
// the template's volumes, and the space's environment (template variables, custom fields,
// SPACE_NAME, SPACE_ID; values travel in podman's environment, not on its command line). It
// runs without capabilities (--cap-drop=all). Commands and scripts run through `podman exec`;
// a terminal's shell too, on a PTY of the container's own devpts that this server holds.
//
// The handle is "podman:<container name>". The start gate: a detached launcher creates the
// container, reports it created, then waits at the gate; a line starts the container, end of
// file (the server died, or the Store refused the handle) removes it. So the container runs
// only once its handle is on disk. Stop removes the container (podman rm -f -t <grace>): the
// container's pid namespace ends everything it started, and the next start makes a fresh one
// from the image, as Knot does; the home folder persists on the host.
class PodmanBackend final : public SpaceBackend
{
public:
    QString name() const override { return QStringLiteral("podman"); }
    QString platform() const override { return QStringLiteral("podman"); }
    Expected<void> available() const override;
    QString homeInside(const QString &spaceName, const QString &hostHome) const override;
    QString scriptsInside(const QString &hostScratch) const override;
    Expected<void> handOver(const QStringList &) const override { return {}; }
    Expected<LaunchedSpace> launch(const SpaceLaunch &launch) const override;
    bool isAlive(const QString &handle) const override;
    bool stop(const QString &spaceId, const QString &handle,
              std::chrono::milliseconds grace) const override;
    Expected<CommandSpec> enter(const QString &handle, CommandSpec spec) const override;
    // `podman exec` of the shell, handed the PTY of the container's own devpts (see
    // TerminalLauncher in the .cpp for why not `podman exec -t`).
    Expected<TerminalEntry> enterTerminal(const QString &handle, CommandSpec spec) const override;
    // Empty: seeing the container's files takes its pid, one podman call, and hostView() runs
    // on the server thread, which must not wait on podman. A working directory is then checked
    // by podman exec itself (its error is the run's); a terminal finds the container's devpts
    // in enterTerminal(), on a worker.
    QString hostView(const QString &, const QString &) const override { return {}; }

    static QString containerName(const QString &spaceId);
    // The ended container's exit status, as podman keeps it until the container is removed.
    ServicesEnd howEnded(const QString &handle, const QString &statusFile) const override;

private:
    QStringList createArguments(const SpaceLaunch &launch, const QStringList &forwarded) const;
    struct ContainerState
    {
        QString status; // podman's: "created", "running", "exited"...; empty: no such container
        qint64 pid = 0; // its first process as this server sees it, while it runs
    };
    ContainerState stateOf(const QString &container) const;
    // The container's first process once it runs, or why a command cannot enter it.
    Expected<qint64> runningInit(const QString &container) const;
    // `podman exec <options> <container> <command>` in the space's working directory and
    // environment of `spec`.
    CommandSpec execSpec(const QString &container, const CommandSpec &spec,
                         const QStringList &options, const QStringList &command) const;

    PodmanCli m_cli;
};

} // namespace spaces
