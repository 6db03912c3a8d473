#pragma once

#include "ApiError.h"
#include "PortForward.h"
#include "Store.h"

#include <QHash>
#include <memory>

namespace spaces {

class PortRelay;

// The port forwards that are listening now, keyed by local port (the host's ports are shared
// by every local space). Persistent ones are also written to the Store so that they come
// back when their source space starts again.
class PortForwards final
{
public:
    explicit PortForwards(Store &store);
    ~PortForwards();
    PortForwards(const PortForwards &) = delete;
    PortForwards &operator=(const PortForwards &) = delete;

    // Status 0 on success, else the error to answer with.
    ApiError open(const Space &source, int localPort, const Space &target, int remotePort,
                  bool persistent);
    ApiError stop(const Space &source, int localPort);
    PortForwardList listFrom(const QString &sourceSpaceId) const;

    // The source space stopped: its listeners go, persistent records stay.
    void releaseFrom(const QString &sourceSpaceId);
    // The space is being deleted: everything from or to it goes, records included.
    void forget(const QString &spaceId);
    // The source space (re)started: bring back its persistent forwards that can listen.
    void restorePersistent(const Space &source);

private:
    enum class Record
    {
        Save,     // a new persistent forward: stored before it is answered
        AsStored, // one being restored from its stored record
    };
    ApiError openRelay(const Space &source, int localPort, const Space &target, int remotePort,
                       bool persistent, Record record);

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
