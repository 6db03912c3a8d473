#pragma once

#include "SpaceBackend.h"
#include "SpaceUser.h"

#include <QLoggingCategory>

namespace spaces {

Q_DECLARE_LOGGING_CATEGORY(lcSandbox)

// The default for local spaces (platform "container"): each space in a bubblewrap sandbox.
// Its own mount namespace shows the host's /usr, /etc and the other system folders
// read-only, the space's home read-write at /home/<space name>, a private /tmp and nothing
// else of this computer (no data directory, no other space, no user's home); its own pid,
// IPC and UTS namespaces; the host network (forwards reach it on loopback); no
// capabilities; never root (SpaceUser).
//
// The handle is "sandbox:<pid>:<start time>" of the pid namespace's init (bwrap's child,
// reported on --info-fd), then "/<pid>:<start time>" of bwrap's outer process. When that init dies
// the kernel kills everything in the namespace, whatever it did to its environment or sessions, so
// stop needs neither /proc scans nor polling: TERM inside, wait on a pidfd, SIGKILL the init.
// Commands and scripts join the same namespaces (setns, as the space's user) so they share its
// /tmp, processes and environment; a fresh bwrap per command would not be stopped with the space.
class SandboxBackend final : public SpaceBackend
{
public:
    explicit SandboxBackend(SpaceUser user);

    QString name() const override { return QStringLiteral("sandbox"); }
    QString platform() const override { return QStringLiteral("container"); }
    Expected<void> available() const override;
    QString homeInside(const QString &spaceName, const QString &hostHome) const override;
    QString scriptsInside(const QString &hostScratch) const override;
    Expected<void> handOver(const QStringList &paths) const override;
    Expected<LaunchedSpace> launch(const SpaceLaunch &launch) const override;
    bool isAlive(const QString &handle) const override;
    UniqueFd endNotifier(const QString &handle) const override;
    ServicesEnd howEnded(const QString &handle, const QString &statusFile) const override;
    bool stop(const QString &spaceId, const QString &handle,
              std::chrono::milliseconds grace) const override;
    Expected<CommandSpec> enter(const QString &handle, CommandSpec spec) const override;
    QString hostView(const QString &handle, const QString &insidePath) const override;

private:
    QStringList arguments(const SpaceLaunch &launch, const QString &homeSource,
                          const QString &scriptsSource, const QString &modulesSource,
                          const QString &connectionSource) const;

    SpaceUser m_user;
    QString m_bwrap;
};

} // namespace spaces
