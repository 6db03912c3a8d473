#pragma once

#include "Expected.h"
#include "PortForward.h"
#include "SpacePermissions.h"
#include "User.h"

namespace spaces {

class PortForwards;
class Store;

// Port forwards from one space to another, free of any transport: the caller passes the User
// it authenticated; both spaces must be theirs (or the caller has ManageSpaces).
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

private:
    PortForwards &m_forwards;
    SpacePermissions m_permissions;
};

} // namespace spaces
