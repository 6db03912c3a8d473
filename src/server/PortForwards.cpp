#include "PortForwards.h"

#include "PortRelay.h"

#include <algorithm>

namespace spaces {

PortForwards::PortForwards(Store &store)
    : m_store(store)
{}

PortForwards::~PortForwards() = default;

ApiError PortForwards::open(const Space &source, int localPort, const Space &target, int remotePort,
                            bool persistent)
{
    if (const auto existing = m_active.value(localPort)) {
        const std::optional<Space> owner = m_store.spaceById(existing->sourceSpaceId);
        return ApiError::conflict(
            QStringLiteral("local port %1 is already in use by a forward of space '%2'")
                .arg(localPort)
                .arg(owner ? owner->name : existing->sourceSpaceId));
    }
    // Every space shares this computer's loopback: a forward to its own port, or to the
    // listener of another forward, could close a loop in which each connection opens another
    // until the server runs out of descriptors and threads.
    if (remotePort == localPort) {
        return ApiError::badRequest(
            QStringLiteral("local port and remote port must differ: on this computer the forward "
                           "would connect to itself"));
    }
    if (const auto forwarded = m_active.value(remotePort)) {
        const std::optional<Space> owner = m_store.spaceById(forwarded->sourceSpaceId);
        return ApiError::conflict(
            QStringLiteral("remote port %1 is the local port of a forward of space '%2': forward "
                           "to the port the service listens on")
                .arg(remotePort)
                .arg(owner ? owner->name : forwarded->sourceSpaceId));
    }
    QString error;
    std::unique_ptr<PortRelay> relay =
        PortRelay::open(static_cast<quint16>(localPort), static_cast<quint16>(remotePort), &error);
    if (!relay)
        return ApiError::conflict(error);
    auto active = std::make_shared<Active>();
    active->sourceSpaceId = source.id;
    active->targetSpaceId = target.id;
    active->remotePort = remotePort;
    active->persistent = persistent;
    active->relay = std::move(relay);
    m_active.insert(localPort, active);
    return {};
}

bool PortForwards::isOpenFrom(const QString &sourceSpaceId, int localPort) const
{
    const auto active = m_active.value(localPort);
    return active && active->sourceSpaceId == sourceSpaceId;
}

PortForwardList PortForwards::listFrom(const QString &sourceSpaceId) const
{
    PortForwardList result;
    for (auto it = m_active.constBegin(); it != m_active.constEnd(); ++it) {
        const Active &active = *it.value();
        if (active.sourceSpaceId != sourceSpaceId)
            continue;
        PortForward forward;
        forward.localPort = it.key();
        const std::optional<Space> target = m_store.spaceById(active.targetSpaceId);
        forward.space = target ? target->name : active.targetSpaceId;
        forward.remotePort = active.remotePort;
        forward.persistent = active.persistent;
        result.append(forward);
    }
    std::sort(result.begin(), result.end(),
              [](const PortForward &a, const PortForward &b) { return a.localPort < b.localPort; });
    return result;
}

void PortForwards::releaseFrom(const QString &sourceSpaceId)
{
    m_active.removeIf(
        [&](const auto &entry) { return entry.value()->sourceSpaceId == sourceSpaceId; });
}

void PortForwards::forget(const QString &spaceId)
{
    m_active.removeIf([&](const auto &entry) {
        return entry.value()->sourceSpaceId == spaceId || entry.value()->targetSpaceId == spaceId;
    });
}

} // namespace spaces
