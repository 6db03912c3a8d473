#include "LocalRuntime.h"

#include "CommandRunner.h"
#include "ManualBackend.h"
#include "PodmanBackend.h"
#include "PrivateFiles.h"
#include "SandboxBackend.h"
#include "ScriptInterpreter.h"
#include "ShellLocator.h"
#include "ShellQuote.h"
#include "SpaceEnvironment.h"
#include "Store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUuid>
#include <csignal>

namespace spaces {

Q_LOGGING_CATEGORY(lcRuntime, "spaces.runtime", QtInfoMsg)

namespace {

CommandResult toCommandResult(const CommandOutcome &outcome)
{
    CommandResult result;
    result.output = QString::fromUtf8(outcome.output);
    result.success = !outcome.timedOut && !outcome.failedToStart && outcome.exitCode == 0;
    if (outcome.timedOut) {
        result.error = QStringLiteral("Command timed out");
    } else if (outcome.failedToStart || outcome.cancelled) {
        result.error = outcome.error;
    } else if (outcome.exitCode != 0) {
        result.error = QStringLiteral("exit status %1").arg(outcome.exitCode);
        result.exitCode = outcome.exitCode;
    } else {
        result.exitCode = 0;
    }
    return result;
}

} // namespace

LocalRuntime::~LocalRuntime()
{
    m_monitor.stop();
    // Starts and stops end on their own within the grace period; commands may run for up to
    // an hour, so they are told to end (their groups are killed) before the workers are
    // waited for. Services are left alone, to be adopted by the next server.
    m_shutdown.request_stop();
}

LocalRuntime::LocalRuntime(Store &store, SpacePaths paths, std::chrono::milliseconds stopGrace,
                           QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_paths(std::move(paths))
    , m_stopGrace(stopGrace)
    , m_manual(std::make_unique<ManualBackend>())
    , m_sandbox(std::make_unique<SandboxBackend>(SpaceUser::resolve()))
    , m_podman(std::make_unique<PodmanBackend>())
{
    m_monitor.setInterval(MonitorInterval);
    connect(&m_monitor, &QTimer::timeout, this, &LocalRuntime::checkServices);
    m_monitor.start();
}

const SpaceBackend &LocalRuntime::backendFor(const SpaceTemplate &spaceTemplate) const
{
    if (spaceTemplate.platform == m_manual->platform())
        return *m_manual;
    if (spaceTemplate.platform == m_podman->platform())
        return *m_podman;
    return *m_sandbox;
}

const SpaceBackend &LocalRuntime::backendOf(const QString &handle) const
{
    if (handle.startsWith(m_sandbox->name() + u':'))
        return *m_sandbox;
    if (handle.startsWith(m_podman->name() + u':'))
        return *m_podman;
    return *m_manual;
}

QString LocalRuntime::handleOf(const Store::RuntimeState &state)
{
    // Written by a version that knew only process groups.
    if (state.handle.isEmpty() && state.processGroup > 0)
        return QStringLiteral("group:%1").arg(state.processGroup);
    return state.handle;
}

const SpaceBackend &LocalRuntime::backendOfSpace(const Space &space) const
{
    const Store::RuntimeState state = m_store.runtimeState(space.id);
    if (!handleOf(state).isEmpty())
        return backendOf(handleOf(state));
    const std::optional<SpaceTemplate> spaceTemplate = m_store.templateByIdOrName(space.templateId);
    return backendFor(spaceTemplate.value_or(SpaceTemplate{}));
}

bool LocalRuntime::adopt(const Store::DeployedSpace &entry) const
{
    const QString handle = entry.handle.isEmpty() && entry.processGroup > 0
                               ? QStringLiteral("group:%1").arg(entry.processGroup)
                               : entry.handle;
    // A space without services has nothing to lose: it stays running. A pending one without
    // a handle never got past its start gate: its processes ended with the server that
    // launched them.
    const bool alive = handle.isEmpty() ? !entry.pending : backendOf(handle).isAlive(handle);
    if (alive)
        qCInfo(lcRuntime) << "adopted space" << entry.id << handle;
    return alive;
}

QStringList LocalRuntime::environmentOf(const Space &space, const QString &shellPath) const
{
    const std::optional<SpaceTemplate> spaceTemplate = m_store.templateByIdOrName(space.templateId);
    const SpaceBackend &backend = backendOfSpace(space);
    return SpaceEnvironment::build(space, spaceTemplate.value_or(SpaceTemplate{}),
                                   backend.homeInside(space.name, m_paths.home(space.id)),
                                   shellPath);
}

LocalRuntime::SpaceEntry LocalRuntime::entryFor(const Space &space, const QString &shellPath) const
{
    SpaceEntry entry;
    entry.handle = handleOf(m_store.runtimeState(space.id));
    entry.backend = &backendOf(entry.handle);
    entry.environment = environmentOf(space, shellPath);
    entry.home = entry.backend->homeInside(space.name, m_paths.home(space.id));
    return entry;
}

ApiError LocalRuntime::locateShell(const Space &space, QString *path) const
{
    *path = ShellLocator::find(space.shell);
    if (path->isEmpty()) {
        return ApiError::badRequest(
            QStringLiteral("shell '%1' is not installed on this computer").arg(space.shell));
    }
    return {};
}

Expected<LocalRuntime::LaunchPlan> LocalRuntime::planLaunch(const Space &space, bool restart) const
{
    const std::optional<SpaceTemplate> spaceTemplate = m_store.templateByIdOrName(space.templateId);
    if (!spaceTemplate)
        return ApiError{
            500, QStringLiteral("the template of space '%1' no longer exists").arg(space.name)};
    const SpaceBackend &backend = backendFor(*spaceTemplate);
    if (const Expected<void> usable = backend.available(); !usable)
        return usable.error();
    QString shellPath;
    if (const ApiError error = locateShell(space, &shellPath); error.isError())
        return error;
    if (const Expected<void> prepared = m_paths.prepare(space.id); !prepared)
        return prepared.error();
    if (const Expected<void> handed =
            backend.handOver({m_paths.home(space.id), m_paths.scratchDirectory(space.id)});
        !handed)
        return handed.error();

    LaunchPlan plan;
    plan.backend = &backend;
    plan.previous = restart ? handleOf(m_store.runtimeState(space.id)) : QString();
    plan.previousBackend = plan.previous.isEmpty() ? nullptr : &backendOf(plan.previous);
    auto launch = std::make_shared<SpaceLaunch>();
    SpaceLaunch &request = *launch;
    request.spaceId = space.id;
    request.spaceName = space.name;
    request.shellPath = shellPath;
    request.command = spaceTemplate->startupCommand;
    request.hostHome = m_paths.home(space.id);
    request.scratchDirectory = m_paths.scratchDirectory(space.id);
    request.logFile = m_paths.logFile(space.id);
    request.image = spaceTemplate->image;
    request.volumes = spaceTemplate->volumes;
    request.environment = SpaceEnvironment::build(
        space, *spaceTemplate, backend.homeInside(space.name, request.hostHome), shellPath);
    plan.request = std::move(launch);
    return plan;
}

void LocalRuntime::launch(const LaunchPlan &plan, Launched done)
{
    const QString spaceId = plan.request->spaceId;
    m_busy.insert(spaceId);
    const std::chrono::milliseconds grace = m_stopGrace;
    m_workers.run(
        this,
        [plan, grace] {
            if (plan.previousBackend &&
                !plan.previousBackend->stop(plan.request->spaceId, plan.previous, grace)) {
                return Expected<LaunchedSpace>(ApiError{
                    500, QStringLiteral("some processes of the space could not be stopped")});
            }
            return plan.backend->launch(*plan.request);
        },
        [this, spaceId, done = std::move(done)](const Expected<LaunchedSpace> &result) {
            m_busy.remove(spaceId);
            done(result);
        });
}

bool LocalRuntime::release(const LaunchedSpace &launched)
{
    return !launched.gate || launched.gate->release();
}

void LocalRuntime::abandon(const QString &spaceId, const LaunchedSpace &launched)
{
    // Held at its gate, a space nobody recorded ends by itself when the gate closes; the
    // stop makes sure of it.
    if (launched.gate)
        launched.gate->abandon();
    const QString handle = launched.handle;
    const SpaceBackend *backend = &backendOf(handle);
    m_workers.run(
        this, [backend, handle, spaceId] { return backend->stop(spaceId, handle, {}); },
        [](bool) {});
}

void LocalRuntime::stop(const Space &space, std::function<void(bool stopped)> done)
{
    const QString handle = handleOf(m_store.runtimeState(space.id));
    m_busy.insert(space.id);
    const std::chrono::milliseconds grace = m_stopGrace;
    const SpaceBackend *backend = &backendOf(handle);
    m_workers.run(
        this,
        [backend, handle, grace, spaceId = space.id] {
            return backend->stop(spaceId, handle, grace);
        },
        [this, spaceId = space.id, done = std::move(done)](bool stopped) {
            m_busy.remove(spaceId);
            done(stopped);
        });
}

void LocalRuntime::checkServices()
{
    // One check at a time: a slow check must not pile up behind the timer.
    if (m_monitorRunning)
        return;
    QList<Store::DeployedSpace> watched;
    const QList<Store::DeployedSpace> deployed = m_store.deployedSpaces();
    for (Store::DeployedSpace entry : deployed) {
        if (entry.handle.isEmpty() && entry.processGroup > 0)
            entry.handle = QStringLiteral("group:%1").arg(entry.processGroup);
        if (!entry.handle.isEmpty() && !entry.pending && !m_busy.contains(entry.id))
            watched.append(entry);
    }
    if (watched.isEmpty())
        return;
    m_monitorRunning = true;
    QList<const SpaceBackend *> backends;
    for (const Store::DeployedSpace &entry : watched)
        backends.append(&backendOf(entry.handle));
    m_workers.run(
        this,
        [watched, backends] {
            QList<Store::DeployedSpace> ended;
            for (qsizetype i = 0; i < watched.size(); ++i) {
                if (!backends[i]->isAlive(watched[i].handle))
                    ended.append(watched[i]);
            }
            return ended;
        },
        [this](const QList<Store::DeployedSpace> &ended) {
            m_monitorRunning = false;
            for (const Store::DeployedSpace &entry : ended) {
                // The space may have been stopped or restarted while we looked.
                const Store::RuntimeState now = m_store.runtimeState(entry.id);
                if (!m_busy.contains(entry.id) && now.deployed && handleOf(now) == entry.handle)
                    Q_EMIT servicesEnded(entry.id, entry.ownerId);
            }
        });
}

QString LocalRuntime::resolveWorkdir(const Space &space, const QString &workdir) const
{
    const QString home = backendOfSpace(space).homeInside(space.name, m_paths.home(space.id));
    if (workdir.isEmpty())
        return home;
    return QDir::isAbsolutePath(workdir) ? QDir::cleanPath(workdir) : QDir(home).filePath(workdir);
}

ApiError LocalRuntime::checkCommand(const Space &space, const CommandRequest &request) const
{
    QString shellPath;
    if (const ApiError error = locateShell(space, &shellPath); error.isError())
        return error;
    if (request.command.trimmed().isEmpty())
        return ApiError::badRequest(QStringLiteral("command must not be empty"));
    const QString workdir = resolveWorkdir(space, request.workdir);
    const SpaceBackend &backend = backendOfSpace(space);
    const QString seen = backend.hostView(handleOf(m_store.runtimeState(space.id)), workdir);
    if (!seen.isEmpty() && !QFileInfo(seen).isDir()) {
        return ApiError::badRequest(
            QStringLiteral("working directory '%1' does not exist in the space")
                .arg(request.workdir));
    }
    return {};
}

CommandSpec LocalRuntime::commandSpecFor(const Space &space, const CommandRequest &request) const
{
    CommandSpec spec;
    spec.program = ShellLocator::find(space.shell);
    spec.arguments = {QStringLiteral("-c"),
                      ShellQuote::commandLine(space.shell, request.command, request.arguments)};
    spec.workingDirectory = resolveWorkdir(space, request.workdir);
    spec.environment = environmentOf(space, spec.program);
    spec.timeout = request.timeout;
    return spec;
}

void LocalRuntime::runCommand(const Space &space, const CommandRequest &request,
                              std::function<void(const CommandResult &)> done)
{
    CommandSpec spec = commandSpecFor(space, request);
    spec.stop = m_shutdown.get_token();
    const QString handle = handleOf(m_store.runtimeState(space.id));
    const SpaceBackend *backend = &backendOf(handle);
    m_workers.run(
        this,
        [spec, backend, handle] {
            const Expected<CommandSpec> inside = backend->enter(handle, spec);
            if (!inside) {
                CommandResult failed;
                failed.error = inside.error().message;
                return failed;
            }
            return toCommandResult(CommandRunner::run(*inside));
        },
        std::move(done));
}

void LocalRuntime::streamCommand(const Space &space, const CommandRequest &request,
                                 std::shared_ptr<CommandOutputStream> output,
                                 std::stop_source cancel,
                                 std::function<void(const CommandOutcome &)> done)
{
    CommandSpec spec = commandSpecFor(space, request);
    spec.outputStream = std::move(output);
    spec.stop = cancel.get_token();
    const QString handle = handleOf(m_store.runtimeState(space.id));
    const SpaceBackend *backend = &backendOf(handle);
    m_workers.run(
        this,
        [spec, backend, handle, cancel, shutdown = m_shutdown.get_token()]() mutable {
            // The server shutting down ends it as the caller's cancel does.
            const std::stop_callback onShutdown(shutdown, [&cancel] { cancel.request_stop(); });
            const Expected<CommandSpec> inside = backend->enter(handle, spec);
            if (!inside) {
                CommandOutcome failed;
                failed.failedToStart = true;
                failed.error = inside.error().message;
                return failed;
            }
            return CommandRunner::run(*inside);
        },
        std::move(done));
}

void LocalRuntime::runScript(const Space &space, const QByteArray &content,
                             const QStringList &arguments, std::chrono::seconds timeout,
                             std::function<void(const Expected<ScriptResult> &)> done)
{
    const QString shellPath = ShellLocator::find(space.shell);
    const QString handle = handleOf(m_store.runtimeState(space.id));
    const SpaceBackend *backend = &backendOf(handle);
    const QString name = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString hostScratch = m_paths.scratchDirectory(space.id);
    const QString scriptPath = QDir(hostScratch).filePath(name);
    CommandSpec spec;
    spec.workingDirectory = backend->homeInside(space.name, m_paths.home(space.id));
    spec.environment = environmentOf(space, shellPath);
    spec.timeout = timeout;
    const ScriptInvocation invocation = ScriptInterpreter::forContent(content, shellPath);
    spec.program = invocation.program;
    spec.arguments = invocation.leadingArguments +
                     QStringList{QDir(backend->scriptsInside(hostScratch)).filePath(name)} +
                     arguments;

    spec.stop = m_shutdown.get_token();
    m_workers.run(
        this,
        [spec, content, scriptPath, backend, handle, paths = m_paths, spaceId = space.id] {
            // A script that could not be written in full must not run as a truncated one,
            // nor "succeed" as an empty one: the caller answers why. It lives for one run
            // only, so it needs no fsync.
            Expected<void> written = paths.prepare(spaceId);
            if (written) {
                // Owner-only, and executable as scripts have always been here.
                written = PrivateFiles::writeNewFile(scriptPath, content, 0700, false,
                                                     QStringLiteral("write the script to run"));
            }
            if (written)
                written = backend->handOver({paths.scratchDirectory(spaceId), scriptPath});
            if (!written) {
                QFile::remove(scriptPath);
                return Expected<ScriptResult>(written.error());
            }
            const Expected<CommandSpec> inside = backend->enter(handle, spec);
            if (!inside) {
                QFile::remove(scriptPath);
                return Expected<ScriptResult>(inside.error());
            }
            ScriptResult result;
            const CommandOutcome outcome = CommandRunner::run(*inside);
            QFile::remove(scriptPath);
            const CommandResult command = toCommandResult(outcome);
            result.output = command.output;
            result.error = command.error;
            result.exitCode = outcome.timedOut ? -1 : outcome.exitCode;
            return Expected<ScriptResult>(std::move(result));
        },
        std::move(done));
}

} // namespace spaces
