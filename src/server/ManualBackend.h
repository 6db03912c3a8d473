#pragma once

#include "SpaceBackend.h"

namespace spaces {

// `"platform": "manual"`: the first version's behaviour, on request only. The services run
// as the server's own user, unisolated, in a detached process group (ProcessGroup); stop
// ends the group and whatever else carries the space's SPACE_ID (which a process that
// clears its environment escapes: this backend does not isolate).
class ManualBackend final : public SpaceBackend
{
public:
    QString name() const override { return QStringLiteral("group"); }
    QString platform() const override { return QStringLiteral("manual"); }
    Expected<void> available() const override { return {}; }
    QString homeInside(const QString &, const QString &hostHome) const override { return hostHome; }
    QString scriptsInside(const QString &hostScratch) const override { return hostScratch; }
    // Unconfined: the folder itself.
    QString spacesModuleInside(const QString &hostFolder) const override { return hostFolder; }
    QString connectionInside(const QString &hostFolder) const override { return hostFolder; }
    Expected<void> handOver(const QStringList &) const override { return {}; }
    Expected<LaunchedSpace> launch(const SpaceLaunch &launch) const override;
    bool isAlive(const QString &handle) const override;
    bool stop(const QString &spaceId, const QString &handle,
              std::chrono::milliseconds grace) const override;
    Expected<CommandSpec> enter(const QString &handle, CommandSpec spec) const override;
    QString hostView(const QString &, const QString &insidePath) const override
    {
        return insidePath;
    }
};

} // namespace spaces
