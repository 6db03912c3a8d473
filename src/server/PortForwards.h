#pragma once

#include "ApiError.h"
#include "PortForward.h"
#include "Store.h"

#include <QHash>
#include <memory>

namespace spaces {

class PortRelay;

// The port forwards that are listening now, keyed by local port (the host's ports are shared
// by every local space). It only reads the Store (for spaces' names): ForwardService records
// the persistent ones and tells it what to open, close and bring back.
class PortForwards final
{
public:
    explicit PortForwards(Store &store);
    ~PortForwards();
    PortForwards(const PortForwards &) = delete;
    PortForwards &operator=(const PortForwards &) = delete;

    // Starts listening. Status 0 on success, else the error to answer with.
    ApiError open(const Space &source, int localPort, const Space &target, int remotePort,
                  bool persistent);
    bool isOpen(int localPort) const { return m_active.contains(localPort); }
    bool isOpenFrom(const QString &sourceSpaceId, int localPort) const;
    void close(int localPort) { m_active.remove(localPort); }
    PortForwardList listFrom(const QString &sourceSpaceId) const;

    // The source space stopped: its listeners go.
    void releaseFrom(const QString &sourceSpaceId);
    // The space is being deleted: everything from or to it goes.
    void forget(const QString &spaceId);

private:
    struct Active
    {
        QString sourceSpaceId;
        QString targetSpaceId;
        int remotePort = 0;
        bool persistent = false;
        std::unique_ptr<PortRelay> relay;
    };

    Store &m_store;
    QHash<int, std::shared_ptr<Active>> m_active;
};

} // namespace spaces
