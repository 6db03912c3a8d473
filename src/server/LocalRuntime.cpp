#include "LocalRuntime.h"

#include "CommandRunner.h"
#include "EventHub.h"
#include "PortForwards.h"
#include "PrivateFiles.h"
#include "ProcessGroup.h"
#include "ScriptInterpreter.h"
#include "ShellLocator.h"
#include "ShellQuote.h"
#include "SpaceEnvironment.h"
#include "SqlWrite.h"
#include "Store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUuid>
#include <csignal>

namespace spaces {

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

// Ends the space's services, then whatever its commands left running in the background
// (they run in sessions of their own but carry the space's SPACE_ID). Runs on a worker.
bool endSpaceProcesses(const QString &spaceId, qint64 serviceGroup, std::chrono::milliseconds grace)
{
    bool ended = serviceGroup <= 0 || ProcessGroup::terminate(serviceGroup, grace);
    const QList<qint64> leftovers =
        ProcessGroup::groupsWithEnvironmentEntry("SPACE_ID=" + spaceId.toUtf8());
    for (const qint64 group : leftovers)
        ended = ProcessGroup::terminate(group, grace) && ended;
    return ended;
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

LocalRuntime::LocalRuntime(Store &store, EventHub &events, PortForwards &forwards, SpacePaths paths,
                           std::chrono::milliseconds stopGrace, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_events(events)
    , m_forwards(forwards)
    , m_paths(std::move(paths))
    , m_stopGrace(stopGrace)
{
    m_monitor.setInterval(MonitorInterval);
    connect(&m_monitor, &QTimer::timeout, this, &LocalRuntime::checkServices);
    m_monitor.start();
}

void LocalRuntime::adopt()
{
    const QList<Store::DeployedSpace> deployed = m_store.deployedSpaces();
    for (const Store::DeployedSpace &entry : deployed) {
        // A space without services has no group to lose: it stays running.
        const bool alive =
            entry.processGroup == 0 ? !entry.pending : ProcessGroup::isAlive(entry.processGroup);
        if (!alive) {
            markStopped(entry.id, entry.ownerId);
            continue;
        }
        Store::RuntimeState state = m_store.runtimeState(entry.id);
        if (state.pending) {
            state.pending = false;
            state.deployed = true;
            if (const Expected<void> saved = m_store.setRuntimeState(entry.id, state); !saved)
                qCWarning(lcStore) << saved.error().message;
        }
        if (const std::optional<Space> space = m_store.spaceById(entry.id))
            m_forwards.restorePersistent(*space);
    }
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

void LocalRuntime::start(const Space &space, Completion done)
{
    launch(space, 0, std::move(done));
}

void LocalRuntime::restart(const Space &space, Completion done)
{
    launch(space, m_store.runtimeState(space.id).processGroup, std::move(done));
}

void LocalRuntime::launch(const Space &space, qint64 previousGroup, Completion done)
{
    const std::optional<SpaceTemplate> spaceTemplate = m_store.templateByIdOrName(space.templateId);
    if (!spaceTemplate)
        return done(
            {500, QStringLiteral("the template of space '%1' no longer exists").arg(space.name)});
    QString shellPath;
    if (const ApiError error = locateShell(space, &shellPath); error.isError())
        return done(error);
    if (const Expected<void> prepared = m_paths.prepare(space.id); !prepared)
        return done(prepared.error());
    // Recorded before anything runs: a start the disk cannot record does not happen.
    const Store::RuntimeState before = m_store.runtimeState(space.id);
    Store::RuntimeState pending = before;
    pending.pending = true;
    if (const Expected<void> saved = m_store.setRuntimeState(space.id, pending); !saved)
        return done(saved.error());
    if (previousGroup > 0 || before.deployed)
        m_forwards.releaseFrom(space.id);
    m_busy.insert(space.id);
    m_events.publishChanged(space.id, space.userId);

    LaunchSpec spec;
    spec.shellPath = shellPath;
    spec.command = spaceTemplate->startupCommand;
    spec.workingDirectory = m_paths.home(space.id);
    spec.environment =
        SpaceEnvironment::build(space, *spaceTemplate, spec.workingDirectory, shellPath);
    spec.logFilePath = m_paths.logFile(space.id);
    const std::chrono::milliseconds grace = m_stopGrace;

    m_workers.run(
        this,
        [spec, previousGroup, grace, spaceId = space.id] {
            LaunchResult result;
            if (previousGroup > 0 && !endSpaceProcesses(spaceId, previousGroup, grace)) {
                result.error = QStringLiteral("some processes of the space could not be stopped");
                result.processGroup = -1;
                return result;
            }
            if (!spec.command.trimmed().isEmpty())
                result.processGroup = ProcessGroup::launch(spec, &result.error);
            return result;
        },
        [this, space, done = std::move(done)](const LaunchResult &result) {
            done(finishLaunch(space, result));
        });
}

ApiError LocalRuntime::finishLaunch(const Space &space, const LaunchResult &result)
{
    m_busy.remove(space.id);
    if (result.processGroup < 0) {
        markStopped(space.id, space.userId);
        return {500,
                QStringLiteral("failed to start space '%1': %2").arg(space.name, result.error)};
    }
    if (const Expected<void> saved = m_store.setRuntimeState(
            space.id, {true, false, result.processGroup, QDateTime::currentDateTimeUtc()});
        !saved) {
        // Services nobody recorded could never be stopped or adopted: end them now.
        if (result.processGroup > 0)
            ::kill(static_cast<pid_t>(-result.processGroup), SIGKILL);
        markStopped(space.id, space.userId);
        return saved.error();
    }
    m_forwards.restorePersistent(space);
    m_events.publishChanged(space.id, space.userId);
    return {};
}

void LocalRuntime::stop(const Space &space, Completion done)
{
    Store::RuntimeState state = m_store.runtimeState(space.id);
    const qint64 group = state.processGroup;
    state.pending = true;
    if (const Expected<void> saved = m_store.setRuntimeState(space.id, state); !saved)
        return done(saved.error());
    m_busy.insert(space.id);
    m_forwards.releaseFrom(space.id);
    m_events.publishChanged(space.id, space.userId);
    const std::chrono::milliseconds grace = m_stopGrace;
    m_workers.run(
        this,
        [group, grace, spaceId = space.id] { return endSpaceProcesses(spaceId, group, grace); },
        [this, space, group, done = std::move(done)](bool stopped) {
            m_busy.remove(space.id);
            if (!stopped) {
                if (const Expected<void> saved = m_store.setRuntimeState(
                        space.id, {true, false, group, m_store.runtimeState(space.id).startedAt});
                    !saved)
                    qCWarning(lcStore) << saved.error().message;
                m_events.publishChanged(space.id, space.userId);
                return done(
                    {500, QStringLiteral("some processes of space '%1' could not be stopped")
                              .arg(space.name)});
            }
            const Expected<void> recorded = markStopped(space.id, space.userId);
            done(recorded ? ApiError{} : recorded.error());
        });
}

Expected<void> LocalRuntime::markStopped(const QString &spaceId, const QString &ownerId)
{
    // The processes are gone whatever the disk says; the forwards go with them. A state the
    // disk refused is not announced (clients would read the old one): the monitor tries
    // again, and the next start corrects it in any case (adopt finds the group gone).
    const Expected<void> saved = m_store.setRuntimeState(spaceId, {});
    m_forwards.releaseFrom(spaceId);
    if (!saved) {
        qCWarning(lcStore) << saved.error().message;
        return saved;
    }
    m_events.publishChanged(spaceId, ownerId);
    return saved;
}

void LocalRuntime::checkServices()
{
    // One check at a time: a slow /proc scan must not pile up behind the timer.
    if (m_monitorRunning)
        return;
    QList<Store::DeployedSpace> watched;
    const QList<Store::DeployedSpace> deployed = m_store.deployedSpaces();
    for (const Store::DeployedSpace &entry : deployed) {
        if (entry.processGroup > 0 && !entry.pending && !m_busy.contains(entry.id))
            watched.append(entry);
    }
    if (watched.isEmpty())
        return;
    m_monitorRunning = true;
    m_workers.run(
        this,
        [watched] {
            QList<Store::DeployedSpace> ended;
            for (const Store::DeployedSpace &entry : watched) {
                if (!ProcessGroup::isAlive(entry.processGroup))
                    ended.append(entry);
            }
            return ended;
        },
        [this](const QList<Store::DeployedSpace> &ended) {
            m_monitorRunning = false;
            for (const Store::DeployedSpace &entry : ended) {
                // The space may have been stopped or restarted while we looked.
                const Store::RuntimeState now = m_store.runtimeState(entry.id);
                if (!m_busy.contains(entry.id) && now.deployed &&
                    now.processGroup == entry.processGroup)
                    markStopped(entry.id, entry.ownerId);
            }
        });
}

QString LocalRuntime::resolveWorkdir(const Space &space, const QString &workdir) const
{
    const QString home = m_paths.home(space.id);
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
    if (!QFileInfo(workdir).isDir()) {
        return ApiError::badRequest(
            QStringLiteral("working directory '%1' does not exist in the space")
                .arg(request.workdir));
    }
    return {};
}

void LocalRuntime::runCommand(const Space &space, const CommandRequest &request,
                              std::function<void(const CommandResult &)> done)
{
    const std::optional<SpaceTemplate> spaceTemplate = m_store.templateByIdOrName(space.templateId);
    CommandSpec spec;
    spec.program = ShellLocator::find(space.shell);
    spec.arguments = {QStringLiteral("-c"),
                      ShellQuote::commandLine(space.shell, request.command, request.arguments)};
    spec.workingDirectory = resolveWorkdir(space, request.workdir);
    spec.environment = SpaceEnvironment::build(space, spaceTemplate.value_or(SpaceTemplate{}),
                                               m_paths.home(space.id), spec.program);
    spec.timeout = request.timeout;
    spec.stop = m_shutdown.get_token();
    m_workers.run(
        this, [spec] { return toCommandResult(CommandRunner::run(spec)); }, std::move(done));
}

void LocalRuntime::runScript(const Space &space, const QByteArray &content,
                             const QStringList &arguments, std::chrono::seconds timeout,
                             std::function<void(const Expected<ScriptResult> &)> done)
{
    const std::optional<SpaceTemplate> spaceTemplate = m_store.templateByIdOrName(space.templateId);
    const QString shellPath = ShellLocator::find(space.shell);
    const QString scriptPath = QDir(m_paths.scratchDirectory(space.id))
                                   .filePath(QUuid::createUuid().toString(QUuid::WithoutBraces));
    CommandSpec spec;
    spec.workingDirectory = m_paths.home(space.id);
    spec.environment = SpaceEnvironment::build(space, spaceTemplate.value_or(SpaceTemplate{}),
                                               spec.workingDirectory, shellPath);
    spec.timeout = timeout;
    const ScriptInvocation invocation = ScriptInterpreter::forContent(content, shellPath);
    spec.program = invocation.program;
    spec.arguments = invocation.leadingArguments + QStringList{scriptPath} + arguments;

    spec.stop = m_shutdown.get_token();
    m_workers.run(
        this,
        [spec, content, scriptPath, paths = m_paths, spaceId = space.id] {
            // A script that could not be written in full must not run as a truncated one,
            // nor "succeed" as an empty one: the caller answers why. It lives for one run
            // only, so it needs no fsync.
            Expected<void> written = paths.prepare(spaceId);
            if (written) {
                // Owner-only, and executable as scripts have always been here.
                written = PrivateFiles::writeNewFile(scriptPath, content, 0700, false,
                                                     QStringLiteral("write the script to run"));
            }
            if (!written)
                return Expected<ScriptResult>(written.error());
            ScriptResult result;
            const CommandOutcome outcome = CommandRunner::run(spec);
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
