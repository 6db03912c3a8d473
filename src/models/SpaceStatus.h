#pragma once

#include "Space.h"

#include <QMetaType>
#include <QString>

namespace spaces {

// What the list shows for a space: the server's state, refined by what this app is doing to
// it (a start it asked for shows "starting" until the server says otherwise).
enum class SpaceStatus
{
    Stopped,
    Starting,
    Running,
    Stopping,
    Deleting,
    Pending,
    Failed // stopped because its services died or its start failed (last_exit), until started again
};

// The operation this app has in flight on a space, if any.
enum class SpaceOperation
{
    None,
    Creating,
    Starting,
    Stopping,
    Restarting,
    Deleting,
    Saving
};

class SpaceStatusText final
{
public:
    static QString label(SpaceStatus status);       // translated, e.g. "Running"
    static QString label(SpaceOperation operation); // translated, e.g. "Starting…"
    // A deployed space whose agent has not connected yet (Knot) shows as Starting.
    static SpaceStatus fromSpace(const Space &space, SpaceOperation operation);
    // Deployed, not ready: it can be stopped, but commands must wait.
    static bool isAwaitingAgent(const Space &space);
    // "Exited (1)", "Killed (SIGKILL)", "Failed to start": a failed space's badge.
    static QString failureLabel(const SpaceExit &exit);
    // The badge: the failure's label for a failed space, else label(status).
    static QString label(const Space &space, SpaceStatus status);
};

} // namespace spaces

Q_DECLARE_METATYPE(spaces::SpaceStatus)
Q_DECLARE_METATYPE(spaces::SpaceOperation)
