#pragma once

#include "SpaceBackend.h"

#include <QLoggingCategory>

namespace spaces {

Q_DECLARE_LOGGING_CATEGORY(lcManual)

// `"platform": "manual"`: the first version's behaviour, on request only. The services run
// as the server's own user with the host's file system, network and users, unisolated; only
// their processes are kept together, in a PID namespace of their own (util-linux `unshare
// --pid --fork --kill-child --mount-proc`, with a user namespace mapping the server's own
// uid when it is not root), so that stop ends everything the space started, whatever it did
// to its environment or sessions, without scanning the machine's /proc and without polling.
//
// The namespace's init is a small shell that waits at the start gate, then runs the startup
// command as its child, reaps what is left to it, and records the command's exit status as
// it leaves; its end takes the whole namespace with it. The handle is
// "manual:<init pid>:<start time>/<launcher pid>:<start time>", the launcher being unshare's
// outer process, which waits for the init and leaves right after it (its process group is
// the space's). Commands, scripts and terminals join the namespace (setns) so that what they
// leave behind ends at stop too. The mount namespace only gives the space its own /proc
// (`ps` and `kill` see the space's processes by their numbers there): the file system is the
// host's as it was mounted when the space started (what the host mounts later shows after a
// restart of the space; what the space mounts stays inside).
//
// Handles of servers that ran manual spaces as plain process groups ("group:<pgid>[:<start
// time>]") are still managed the old way: alive while the group has a member, stopped by
// TERM/KILL to the group, commands run unconfined beside it.
class ManualBackend final : public SpaceBackend
{
public:
    ManualBackend();

    QString name() const override { return QStringLiteral("manual"); }
    QString platform() const override { return QStringLiteral("manual"); }
    Expected<void> available() const override;
    QString homeInside(const QString &, const QString &hostHome) const override { return hostHome; }
    QString scriptsInside(const QString &hostScratch) const override { return hostScratch; }
    // Unconfined: the folder itself.
    QString spacesModuleInside(const QString &hostFolder) const override { return hostFolder; }
    QString connectionInside(const QString &hostFolder) const override { return hostFolder; }
    Expected<void> handOver(const QStringList &) const override { return {}; }
    Expected<LaunchedSpace> launch(const SpaceLaunch &launch) const override;
    bool isAlive(const QString &handle) const override;
    UniqueFd endNotifier(const QString &handle) const override;
    ServicesEnd howEnded(const QString &handle, const QString &statusFile) const override;
    bool stop(const QString &spaceId, const QString &handle,
              std::chrono::milliseconds grace) const override;
    Expected<CommandSpec> enter(const QString &handle, CommandSpec spec) const override;
    QString hostView(const QString &, const QString &insidePath) const override
    {
        return insidePath;
    }

private:
    QStringList arguments(const SpaceLaunch &launch) const;

    QString m_unshare;
    QString m_env;
};

} // namespace spaces
