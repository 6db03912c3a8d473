#pragma once

#include "ApiError.h"
#include "Expected.h"
#include "Space.h"
#include "SpaceTokens.h"
#include "Store.h"

#include <QObject>
#include <functional>

namespace spaces {

class EventHub;
class ForwardService;
class LocalRuntime;
class Store;
struct LaunchedSpace;

// Start, stop, restart, adoption and the monitor's findings as the Store and the clients see
// them: LocalRuntime runs and reports, this class writes every runtime state and publishes
// every event about it, each event once and only after its write has committed. The order
// is what makes a crash of spacesd at any instant safe: the pending state is on disk before
// anything runs, the handle before the start gate opens and before the start is answered;
// a handle the disk refused closes the gate and stops what was launched. Lives on the server
// thread.
class SpaceLifecycle final : public QObject
{
    Q_OBJECT

public:
    SpaceLifecycle(Store &store, EventHub &events, LocalRuntime &runtime, ForwardService &forwards,
                   QObject *parent = nullptr);

    // At server start: keeps the spaces whose services are still alive (with their
    // persistent forwards), marks the others stopped.
    void adopt();

    // Each reports on the server thread when done; a status-0 ApiError means success.
    using Completion = std::function<void(const ApiError &)>;
    void start(const Space &space, Completion done);
    void restart(const Space &space, Completion done);
    void stop(const Space &space, Completion done);

private:
    void launch(const Space &space, bool restart, Completion done);
    ApiError finishLaunch(const Space &space, const Expected<LaunchedSpace> &result);
    void finishStop(const Space &space, bool stopped, const Completion &done);
    // The processes are gone: the state says so once the disk has it, and only then is it
    // announced.
    // `how`: why, when the services ended on their own or the start failed (last_exit).
    Expected<void> markStopped(const QString &spaceId, const QString &ownerId,
                               const std::optional<SpaceExit> &how = std::nullopt);
    // The monitor or a watch found the services gone: before the space was ready, that is a
    // start that failed.
    void servicesEnded(const QString &spaceId, const QString &ownerId, SpaceExit how);
    // The template's readiness check for a deployed space: has_state once it passes; a
    // check that fails stops the space and records why.
    void awaitReady(const Space &space, const SpaceTemplate &spaceTemplate);
    void failReadiness(const Space &space, const QString &failure);

    Store &m_store;
    EventHub &m_events;
    LocalRuntime &m_runtime;
    ForwardService &m_forwards;
    // Issued before a space's processes start, revoked whenever they are found gone.
    SpaceTokens m_tokens;
};

} // namespace spaces
