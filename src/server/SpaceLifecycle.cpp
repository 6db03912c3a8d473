#include "SpaceLifecycle.h"

#include "EventHub.h"
#include "ForwardService.h"
#include "LocalRuntime.h"
#include "SpaceBackend.h"
#include "SqlWrite.h"
#include "Store.h"

namespace spaces {

SpaceLifecycle::SpaceLifecycle(Store &store, EventHub &events, LocalRuntime &runtime,
                               ForwardService &forwards, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_events(events)
    , m_runtime(runtime)
    , m_forwards(forwards)
    , m_tokens(store)
{
    m_runtime.remote().setTokens(&m_tokens);
    connect(&m_runtime, &LocalRuntime::servicesEnded, this, &SpaceLifecycle::servicesEnded);
}

void SpaceLifecycle::adopt()
{
    const QList<Store::DeployedSpace> deployed = m_store.deployedSpaces();
    for (const Store::DeployedSpace &entry : deployed) {
        if (!m_runtime.adopt(entry)) {
            markStopped(entry.id, entry.ownerId);
            continue;
        }
        // The services keep the token they have; what starts from now on gets a new one.
        if (const Expected<QString> token = m_tokens.issue(entry.id); !token)
            qCWarning(lcStore) << token.error().message;
        Store::RuntimeState state = m_store.runtimeState(entry.id);
        if (state.pending) {
            state.pending = false;
            state.deployed = true;
            if (const Expected<void> saved = m_store.setRuntimeState(entry.id, state); !saved)
                qCWarning(lcStore) << saved.error().message;
        }
        const std::optional<Space> space = m_store.spaceById(entry.id);
        if (space)
            m_forwards.restore(*space);
        m_runtime.watchServices(entry.id, entry.ownerId, state.handle);
        // Not ready yet when the previous server ended: the check starts over.
        if (const std::optional<SpaceTemplate> spaceTemplate =
                space ? m_store.templateByIdOrName(space->templateId) : std::nullopt;
            space && spaceTemplate && !state.hasState)
            awaitReady(*space, *spaceTemplate);
    }
    // Spaces a crash left stopped with their tokens on disk.
    if (const Expected<void> revoked = m_tokens.revokeStopped(); !revoked)
        qCWarning(lcStore) << revoked.error().message;
}

void SpaceLifecycle::start(const Space &space, Completion done)
{
    launch(space, false, std::move(done));
}

void SpaceLifecycle::restart(const Space &space, Completion done)
{
    launch(space, true, std::move(done));
}

void SpaceLifecycle::launch(const Space &space, bool restart, Completion done)
{
    // On disk before the plan puts it into the space's environment; it works only once the
    // pending state below is recorded.
    if (const Expected<QString> token = m_tokens.issue(space.id); !token)
        return done(token.error());
    const Expected<LocalRuntime::LaunchPlan> plan = m_runtime.planLaunch(space, restart);
    if (!plan) {
        if (!m_store.runtimeState(space.id).deployed)
            m_tokens.revoke(space.id);
        return done(plan.error());
    }
    // Recorded before anything runs: a start the disk cannot record does not happen.
    const Store::RuntimeState before = m_store.runtimeState(space.id);
    Store::RuntimeState pending = before;
    pending.pending = true;
    if (const Expected<void> saved = m_store.setRuntimeState(space.id, pending); !saved)
        return done(saved.error());
    if (!plan->previous.isEmpty() || before.deployed)
        m_forwards.release(space.id);
    m_runtime.launch(*plan,
                     [this, space, done = std::move(done)](const Expected<LaunchedSpace> &result) {
                         done(finishLaunch(space, result));
                     });
    m_events.publishChanged(space.id, space.userId);
}

ApiError SpaceLifecycle::finishLaunch(const Space &space, const Expected<LaunchedSpace> &result)
{
    if (!result) {
        markStopped(space.id, space.userId,
                    m_runtime.startFailure(space.id, result.error().message));
        return {500, QStringLiteral("failed to start space '%1': %2")
                         .arg(space.name, result.error().message)};
    }
    const std::optional<SpaceTemplate> spaceTemplate = m_store.templateByIdOrName(space.templateId);
    const bool checksReadiness = spaceTemplate && spaceTemplate->ready.isDeclared();
    Store::RuntimeState state;
    state.deployed = true;
    state.hasState = !checksReadiness;
    state.processGroup = result->processGroup;
    state.startedAt = QDateTime::currentDateTimeUtc();
    state.handle = result->handle;
    if (const Expected<void> saved = m_store.setRuntimeState(space.id, state); !saved) {
        m_runtime.abandon(space.id, *result);
        markStopped(space.id, space.userId,
                    m_runtime.startFailure(space.id, saved.error().message));
        return saved.error();
    }
    // Committed: only now may the startup command run (and outlive this server).
    if (!LocalRuntime::release(*result))
        qCWarning(lcRuntime) << "space" << space.id << "ended before its start gate opened";
    m_forwards.restore(space);
    m_runtime.watchServices(space.id, space.userId, state.handle);
    if (checksReadiness)
        awaitReady(space, *spaceTemplate);
    m_events.publishChanged(space.id, space.userId);
    return {};
}

void SpaceLifecycle::awaitReady(const Space &space, const SpaceTemplate &spaceTemplate)
{
    m_runtime.awaitReady(space, spaceTemplate, [this, space](const QString &failure) {
        if (!failure.isEmpty())
            return failReadiness(space, failure);
        Store::RuntimeState now = m_store.runtimeState(space.id);
        if (!now.deployed || now.hasState)
            return;
        now.hasState = true;
        if (const Expected<void> saved = m_store.setRuntimeState(space.id, now); !saved) {
            qCWarning(lcStore) << saved.error().message;
            return;
        }
        m_events.publishChanged(space.id, space.userId);
    });
}

void SpaceLifecycle::failReadiness(const Space &space, const QString &failure)
{
    qCInfo(lcRuntime) << "space" << space.id << "failed its readiness check:" << failure;
    Store::RuntimeState state = m_store.runtimeState(space.id);
    state.pending = true;
    if (const Expected<void> saved = m_store.setRuntimeState(space.id, state); !saved)
        qCWarning(lcStore) << saved.error().message;
    m_forwards.release(space.id);
    m_runtime.stop(space, [this, space, failure](bool stopped) {
        if (!stopped)
            qCWarning(lcRuntime) << "some processes of space" << space.id << "could not be stopped";
        markStopped(space.id, space.userId, m_runtime.startFailure(space.id, failure));
    });
    m_events.publishChanged(space.id, space.userId);
}

void SpaceLifecycle::stop(const Space &space, Completion done)
{
    Store::RuntimeState state = m_store.runtimeState(space.id);
    state.pending = true;
    if (const Expected<void> saved = m_store.setRuntimeState(space.id, state); !saved)
        return done(saved.error());
    m_forwards.release(space.id);
    m_runtime.stop(space, [this, space, done = std::move(done)](bool stopped) {
        finishStop(space, stopped, done);
    });
    m_events.publishChanged(space.id, space.userId);
}

void SpaceLifecycle::finishStop(const Space &space, bool stopped, const Completion &done)
{
    if (stopped) {
        const Expected<void> recorded = markStopped(space.id, space.userId);
        return done(recorded ? ApiError{} : recorded.error());
    }
    // Still running: it is deployed again, no longer pending.
    Store::RuntimeState now = m_store.runtimeState(space.id);
    now.deployed = true;
    now.pending = false;
    if (const Expected<void> saved = m_store.setRuntimeState(space.id, now); saved)
        m_events.publishChanged(space.id, space.userId);
    else
        qCWarning(lcStore) << saved.error().message;
    done(
        {500, QStringLiteral("some processes of space '%1' could not be stopped").arg(space.name)});
}

void SpaceLifecycle::servicesEnded(const QString &spaceId, const QString &ownerId, SpaceExit how)
{
    if (!m_store.runtimeState(spaceId).hasState) {
        how.failedToStart = true;
        how.reason = QStringLiteral("failed to start: %1").arg(how.reason);
    }
    markStopped(spaceId, ownerId, how);
}

Expected<void> SpaceLifecycle::markStopped(const QString &spaceId, const QString &ownerId,
                                           const std::optional<SpaceExit> &how)
{
    // The processes are gone whatever the disk says; the forwards go with them. A state the
    // disk refused is not announced (clients would read the old one): the monitor tries
    // again, and the next start corrects it in any case (adopt finds the group gone).
    // A token the disk kept is refused all the same (its space is stopped).
    if (const Expected<void> revoked = m_tokens.revoke(spaceId); !revoked)
        qCWarning(lcStore) << revoked.error().message;
    Store::RuntimeState stopped;
    stopped.lastExit = how;
    const Expected<void> saved = m_store.setRuntimeState(spaceId, stopped);
    m_forwards.release(spaceId);
    if (!saved) {
        qCWarning(lcStore) << saved.error().message;
        return saved;
    }
    m_events.publishChanged(spaceId, ownerId);
    return saved;
}

} // namespace spaces
