#pragma once

#include "Expected.h"
#include "PortForward.h"
#include "SpacePermissions.h"
#include "User.h"

namespace spaces {

class PortForwards;
class Store;

// Port forwards from one space to another, free of any transport: the caller passes the User
// it authenticated; both spaces must be theirs (or the caller has ManageSpaces). It writes the
// persistent ones to the Store and tells PortForwards what to open, close and bring back.
class ForwardService final
{
public:
    ForwardService(Store &store, PortForwards &forwards);

    struct ForwardRequest
    {
        qint64 localPort = 0;
        QString targetSpace; // id or name
        qint64 remotePort = 0;
        bool persistent = false;
        bool force = false; // also when the target is not running
    };
    Expected<void> open(const User &user, const QString &sourceSpace,
                        const ForwardRequest &request);
    Expected<PortForwardList> list(const User &user, const QString &sourceSpace) const;
    Expected<void> stop(const User &user, const QString &sourceSpace, qint64 localPort);

    // For the space lifecycle. The source space (re)started: its persistent forwards that can
    // listen come back.
    void restore(const Space &source);
    // The source space stopped: its listeners go, persistent records stay.
    void release(const QString &sourceSpaceId);
    // The space was deleted: everything from or to it goes, records included.
    void forget(const QString &spaceId);

private:
    Store &m_store;
    PortForwards &m_forwards;
    SpacePermissions m_permissions;
};

} // namespace spaces
