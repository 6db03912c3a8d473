#include "LocalRuntime.h"

#include "CommandRunner.h"
#include "LogTail.h"
#include "ManualBackend.h"
#include "PodmanBackend.h"
#include "PrivateFiles.h"
#include "ProcessGroup.h"
#include "ReadinessCheck.h"
#include "SandboxBackend.h"
#include "ScriptInterpreter.h"
#include "ShellLocator.h"
#include "ShellQuote.h"
#include "SpaceEnvironment.h"
#include "Store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUuid>
#include <csignal>

namespace spaces {

Q_LOGGING_CATEGORY(lcRuntime, "spaces.runtime", QtWarningMsg)

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
                                   shellPath, m_remote.variablesFor(space.id, backend));
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
    if (const Expected<void> handed = backend.handOver(
            QStringList{m_paths.home(space.id), m_paths.scratchDirectory(space.id)} +
            m_remote.connectionPaths());
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
    request.statusFile = statusFile(space.id);
    request.image = spaceTemplate->image;
    request.volumes = spaceTemplate->volumes;
    request.spacesModule = m_remote.spacesModule();
    request.connectionFolder = m_remote.connectionFolder();
    request.environment = SpaceEnvironment::build(
        space, *spaceTemplate, backend.homeInside(space.name, request.hostHome), shellPath,
        m_remote.variablesFor(space.id, backend));
    plan.request = std::move(launch);
    return plan;
}

void LocalRuntime::launch(const LaunchPlan &plan, Launched done)
{
    const QString spaceId = plan.request->spaceId;
    unwatch(spaceId);
    m_readiness.remove(spaceId);
    m_busy.insert(spaceId);
    const std::chrono::milliseconds grace = m_stopGrace;
    m_workers.run(
        this,
        [plan, grace] {
            if (plan.previousBackend) {
                if (!plan.previousBackend->stop(plan.request->spaceId, plan.previous, grace))
                    return Expected<LaunchedSpace>(ApiError{
                        500, QStringLiteral("some processes of the space could not be stopped")});
                // The last lines of the previous run before the first of the new one.
                ProcessGroup::waitForLogWriters(plan.request->logFile, LogTail::WriterLimit);
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
    unwatch(space.id); // what a stop ends did not end on its own
    m_readiness.remove(space.id);
    m_busy.insert(space.id);
    const std::chrono::milliseconds grace = m_stopGrace;
    const SpaceBackend *backend = &backendOf(handle);
    m_workers.run(
        this,
        [backend, handle, grace, spaceId = space.id, log = m_paths.logFile(space.id)] {
            const bool stopped = backend->stop(spaceId, handle, grace);
            // Once stopped, the space's log holds all it said: its stamper ends right after
            // the services.
            if (stopped)
                ProcessGroup::waitForLogWriters(log, LogTail::WriterLimit);
            return stopped;
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
        if (!entry.handle.isEmpty() && !entry.pending && !m_busy.contains(entry.id) &&
            !m_watches.contains(entry.id))
            watched.append(entry);
    }
    if (watched.isEmpty())
        return;
    m_monitorRunning = true;
    QList<const SpaceBackend *> backends;
    QStringList statusFiles;
    QStringList logFiles;
    for (const Store::DeployedSpace &entry : watched) {
        backends.append(&backendOf(entry.handle));
        statusFiles.append(statusFile(entry.id));
        logFiles.append(m_paths.logFile(entry.id));
    }
    using Ended = QList<std::pair<Store::DeployedSpace, SpaceExit>>;
    m_workers.run(
        this,
        [watched, backends, statusFiles, logFiles] {
            Ended ended;
            for (qsizetype i = 0; i < watched.size(); ++i) {
                if (!backends[i]->isAlive(watched[i].handle))
                    ended.append({watched[i], collectEnd(*backends[i], watched[i].handle,
                                                         statusFiles[i], logFiles[i])});
            }
            return ended;
        },
        [this](const Ended &ended) {
            m_monitorRunning = false;
            for (const auto &[entry, how] : ended)
                reportEnd(entry, how);
        });
}

void LocalRuntime::reportEnd(const Store::DeployedSpace &entry, const SpaceExit &how)
{
    // The space may have been stopped or restarted while we looked.
    const Store::RuntimeState now = m_store.runtimeState(entry.id);
    if (!m_busy.contains(entry.id) && now.deployed && handleOf(now) == entry.handle) {
        m_readiness.remove(entry.id);
        Q_EMIT servicesEnded(entry.id, entry.ownerId, how);
    }
}

namespace {

// "${port}", "${port:-8000}": custom fields, SPACE_NAME and SPACE_ID; the rest as written.
QString expandReference(const QString &text, const Space &space)
{
    static const QRegularExpression reference(
        QStringLiteral("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\\}"));
    QString result;
    qsizetype at = 0;
    for (QRegularExpressionMatchIterator it = reference.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        result += text.mid(at, match.capturedStart() - at);
        const QString name = match.captured(1);
        QString value = name == u"SPACE_NAME" ? space.name
                        : name == u"SPACE_ID" ? space.id
                                              : space.fieldValue(name);
        result += value.isEmpty() ? match.captured(2) : value;
        at = match.capturedEnd();
    }
    return result + text.mid(at);
}

} // namespace

void LocalRuntime::awaitReady(const Space &space, const SpaceTemplate &spaceTemplate,
                              std::function<void(const QString &failure)> done)
{
    const SpaceTemplate::Readiness &ready = spaceTemplate.ready;
    ReadinessCheck::Attempt attempt;
    QString what;
    if (!ready.port.isEmpty()) {
        const QString portText = expandReference(ready.port, space).trimmed();
        bool isNumber = false;
        const int port = portText.toInt(&isNumber);
        if (isNumber && port >= 1 && port <= 65535) {
            attempt = ReadinessCheck::portAttempt(quint16(port));
            what = QStringLiteral("port %1 did not answer").arg(port);
        } else {
            // Never passes: the services themselves most likely refuse the same value and
            // exit, and their own words in the log say it better than this check could.
            attempt = [](QObject *, std::function<void(bool)> attemptDone) {
                attemptDone(false);
            };
            what = QStringLiteral("'%1' is not a port (1-65535)").arg(portText);
        }
    } else {
        CommandSpec spec;
        spec.program = ShellLocator::find(space.shell);
        spec.arguments = {QStringLiteral("-c"), ready.command};
        spec.workingDirectory = resolveWorkdir(space, {});
        spec.environment = environmentOf(space, spec.program);
        spec.timeout = std::chrono::seconds(std::min(10, ready.timeoutSeconds));
        spec.stop = m_shutdown.get_token();
        const QString handle = handleOf(m_store.runtimeState(space.id));
        const SpaceBackend *backend = &backendOf(handle);
        attempt = [this, spec, backend, handle](QObject *context,
                                                std::function<void(bool)> attemptDone) {
            m_workers.run(
                context,
                [spec, backend, handle] {
                    const Expected<CommandSpec> inside = backend->enter(handle, spec);
                    if (!inside)
                        return false;
                    const CommandOutcome outcome = CommandRunner::run(*inside);
                    return !outcome.timedOut && !outcome.failedToStart && outcome.exitCode == 0;
                },
                std::move(attemptDone));
        };
        what = QStringLiteral("'%1' did not succeed").arg(ready.command);
    }
    auto check = std::make_shared<ReadinessCheck>(std::move(attempt), what,
                                                  std::chrono::seconds(ready.timeoutSeconds));
    const QString spaceId = space.id;
    ReadinessCheck *raw = check.get();
    auto finish = [this, spaceId, raw, done = std::move(done)](const QString &failure) {
        // Ended once: the check is dropped later, outside its own signal.
        const std::shared_ptr<ReadinessCheck> held = m_readiness.value(spaceId);
        if (held.get() != raw)
            return;
        m_readiness.remove(spaceId);
        QTimer::singleShot(0, this, [held] {});
        done(failure);
    };
    connect(raw, &ReadinessCheck::passed, this, [finish] { finish({}); });
    connect(raw, &ReadinessCheck::failed, this, finish);
    m_readiness.insert(spaceId, check);
    raw->start();
}

QString LocalRuntime::statusFile(const QString &spaceId) const
{
    return QDir(m_paths.spaceDirectory(spaceId)).filePath(QStringLiteral("exit-status.json"));
}

SpaceExit LocalRuntime::collectEnd(const SpaceBackend &backend, const QString &handle,
                                   const QString &statusFile, const QString &logFile)
{
    const ServicesEnd end = backend.howEnded(handle, statusFile);
    SpaceExit how;
    how.at = QDateTime::currentDateTimeUtc();
    how.code = end.code;
    if (end.signal > 0)
        how.signal = SpaceExit::signalName(end.signal);
    how.reason = SpaceExit::describe(how.code, how.signal);
    // Their last words may still be on their way through the stamper.
    ProcessGroup::waitForLogWriters(logFile, LogTail::WriterLimit);
    how.log = lastLogLines(logFile);
    return how;
}

SpaceExit LocalRuntime::startFailure(const QString &spaceId, const QString &sentence) const
{
    SpaceExit how;
    how.at = QDateTime::currentDateTimeUtc();
    how.failedToStart = true;
    how.reason = QStringLiteral("failed to start: %1").arg(sentence);
    // A few kilobytes read from the back of a local file: no worker needed. What ran has
    // been stopped already (a stop waits for the log's last lines).
    how.log = lastLogLines(m_paths.logFile(spaceId));
    return how;
}

QStringList LocalRuntime::lastLogLines(const QString &logFile)
{
    // As the plain-text route gives them: the services' words, without the times (the
    // record has its own).
    const Expected<LogTail::Tail> tail = LogTail::read(logFile, SpaceExit::LogLines);
    if (!tail)
        return {};
    return QString::fromUtf8(LogTail::withoutStamps(tail->text)).split(u'\n', Qt::SkipEmptyParts);
}

void LocalRuntime::watchServices(const QString &spaceId, const QString &ownerId,
                                 const QString &handle)
{
    unwatch(spaceId);
    if (handle.isEmpty())
        return;
    const SpaceBackend *backend = &backendOf(handle);
    UniqueFd notifier = backend->endNotifier(handle);
    if (!notifier.isValid())
        return; // gone already, or a backend without one: the periodic check sees to it
    auto watch = std::make_shared<ServicesWatch>();
    watch->ownerId = ownerId;
    watch->handle = handle;
    watch->notifier = std::move(notifier);
    watch->listener = new QSocketNotifier(watch->notifier.get(), QSocketNotifier::Read);
    connect(watch->listener, &QSocketNotifier::activated, this,
            [this, spaceId, backend, weak = std::weak_ptr<ServicesWatch>(watch)] {
                const std::shared_ptr<ServicesWatch> ended = weak.lock();
                if (!ended || m_watches.value(spaceId) != ended)
                    return;
                ended->listener->setEnabled(false);
                m_watches.remove(spaceId);
                const Store::DeployedSpace entry{spaceId, ended->ownerId, 0, false, ended->handle};
                m_workers.run(
                    this,
                    [backend, handle = ended->handle, status = statusFile(spaceId),
                     log = m_paths.logFile(spaceId)] {
                        return collectEnd(*backend, handle, status, log);
                    },
                    [this, entry](const SpaceExit &how) { reportEnd(entry, how); });
            });
    m_watches.insert(spaceId, std::move(watch));
}

void LocalRuntime::unwatch(const QString &spaceId)
{
    m_watches.remove(spaceId);
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
