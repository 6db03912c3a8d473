#pragma once

#include "ApiError.h"
#include "CommandOutcome.h"
#include "CommandResult.h"
#include "CommandSpec.h"
#include "Expected.h"
#include "RemoteEnvironment.h"
#include "ScriptResult.h"
#include "Space.h"
#include "SpaceExit.h"
#include "SpacePaths.h"
#include "Store.h"
#include "UniqueFd.h"
#include "WorkerPool.h"

#include <QHash>
#include <QLoggingCategory>
#include <QObject>
#include <QSet>
#include <QSocketNotifier>
#include <QTimer>
#include <chrono>
#include <functional>
#include <memory>
#include <stop_token>

namespace spaces {

Q_DECLARE_LOGGING_CATEGORY(lcRuntime)

class ReadinessCheck;
class CommandOutputStream;
class SpaceBackend;
struct LaunchedSpace;
struct SpaceLaunch;
class Store;
struct SpaceTemplate;

// Runs local spaces for real, as the coordinator over the backends (SpaceBackend: the
// sandbox by default, manual on request), chosen by the template's platform when a space
// starts and by the handle the Store keeps afterwards. Commands and scripts run inside the
// space with a timeout. The slow parts (launching, waiting for a space to end, commands)
// run on worker threads. It only reads the Store: it reports what happened (launched,
// failed, stopped, found ended, adopted) on the server thread, where this object lives, and
// the service layer (SpaceLifecycle) writes the state and announces it.
class LocalRuntime final : public QObject
{
    Q_OBJECT

public:
    LocalRuntime(Store &store, SpacePaths paths, std::chrono::milliseconds stopGrace,
                 QObject *parent = nullptr);
    // Ends the commands and scripts still running (their answers can no longer be sent) so
    // that the server exits promptly; spaces' services keep running, to be adopted.
    ~LocalRuntime() override;

    // The backend for a template's platform ("manual" unconfined, otherwise the sandbox).
    const SpaceBackend &backendFor(const SpaceTemplate &spaceTemplate) const;

    // At server start, for a space the Store says is deployed or pending: whether what it
    // ran is still alive, to be adopted (true) or marked stopped.
    bool adopt(const Store::DeployedSpace &entry) const;

    // A launch or a stop of the space is under way.
    bool isBusy(const QString &spaceId) const { return m_busy.contains(spaceId); }
    QString spaceDirectory(const QString &spaceId) const { return m_paths.spaceDirectory(spaceId); }
    QString logFile(const QString &spaceId) const { return m_paths.logFile(spaceId); }

    // What a start needs, checked and prepared before anything is recorded or runs: the
    // backend's request and, for a restart, what runs now and must be stopped first.
    struct LaunchPlan
    {
        std::shared_ptr<const SpaceLaunch> request;
        const SpaceBackend *backend = nullptr;
        QString previous; // the handle of what runs now, for a restart
        const SpaceBackend *previousBackend = nullptr;
    };
    Expected<LaunchPlan> planLaunch(const Space &space, bool restart) const;
    // Stops the previous run (restart), then launches, held at its gate; reports on the
    // server thread. The space is busy until then.
    using Launched = std::function<void(const Expected<LaunchedSpace> &)>;
    void launch(const LaunchPlan &plan, Launched done);
    // The handle is on disk: lets the startup command run. False when it already ended.
    static bool release(const LaunchedSpace &launched);
    // The handle could not be recorded: the gate closes (what was launched ends by itself)
    // and the stop makes sure of it.
    void abandon(const QString &spaceId, const LaunchedSpace &launched);

    // Ends everything the space runs (TERM, then KILL after the grace period); reports on
    // the server thread whether all of it is gone. The space is busy until then.
    void stop(const Space &space, std::function<void(bool stopped)> done);

    struct CommandRequest
    {
        QString command;
        QStringList arguments;
        std::chrono::seconds timeout{30};
        QString workdir;
    };
    // Checks that can fail before anything runs: shell installed, working folder exists.
    ApiError checkCommand(const Space &space, const CommandRequest &request) const;
    void runCommand(const Space &space, const CommandRequest &request,
                    std::function<void(const CommandResult &)> done);
    // The same command, its output handed over as it is read (bounded: see
    // CommandOutputStream) and its outcome reported on the server thread. `cancel` ends its
    // whole process group at once (the caller went away).
    void streamCommand(const Space &space, const CommandRequest &request,
                       std::shared_ptr<CommandOutputStream> output, std::stop_source cancel,
                       std::function<void(const CommandOutcome &)> done);
    // The result, or the error to answer when the script could not even be written.
    void runScript(const Space &space, const QByteArray &content, const QStringList &arguments,
                   std::chrono::seconds timeout,
                   std::function<void(const Expected<ScriptResult> &)> done);

    // How a terminal gets into the running space: its backend and handle (for enter(), on a
    // worker), and the environment and home its services have, as the space sees them.
    struct SpaceEntry
    {
        const SpaceBackend *backend = nullptr;
        QString handle;
        QStringList environment;
        QString home;
    };
    SpaceEntry entryFor(const Space &space, const QString &shellPath) const;

    // SPACES_URL, SPACES_TOKEN and the `spaces` module in every space's environment.
    RemoteEnvironment &remote() { return m_remote; }

    // Absolute path of the space's shell, or an error saying it is not installed.
    ApiError locateShell(const Space &space, QString *path) const;

    static constexpr std::chrono::milliseconds MonitorInterval{1000};

    // Watches the services of a deployed space through the backend's end notifier (a pidfd
    // on the event loop: the end is seen at once, not at the next check); backends without
    // one are left to the periodic check. Ends the watch of an earlier handle.
    void watchServices(const QString &spaceId, const QString &ownerId, const QString &handle);
    // Checks the template's readiness for a deployed space until it passes (`done("")`) or
    // fails (`done(sentence)`); abandoned without a word when the space is stopped,
    // restarted or its services end.
    void awaitReady(const Space &space, const SpaceTemplate &spaceTemplate,
                    std::function<void(const QString &failure)> done);
    // A start failed with `sentence`: the record of it, with the last lines of the log.
    SpaceExit startFailure(const QString &spaceId, const QString &sentence) const;

Q_SIGNALS:
    // The services of a deployed space, not busy, are gone on their own; `how` says why.
    void servicesEnded(const QString &spaceId, const QString &ownerId, const SpaceExit &how);

private:
    void checkServices();
    void unwatch(const QString &spaceId);
    // On a worker: how the services ended and the last lines of the log.
    static SpaceExit collectEnd(const SpaceBackend &backend, const QString &handle,
                                const QString &statusFile, const QString &logFile);
    // The last SpaceExit::LogLines lines of a log, without their time stamps.
    static QStringList lastLogLines(const QString &logFile);
    // Reports an end found by a watch or the check, unless a stop or a restart came first.
    void reportEnd(const Store::DeployedSpace &entry, const SpaceExit &how);
    QString statusFile(const QString &spaceId) const;
    // The backend that made `handle`; an empty one (a space without services) or one of an
    // earlier version is the manual backend's.
    const SpaceBackend &backendOf(const QString &handle) const;
    static QString handleOf(const Store::RuntimeState &state);
    const SpaceBackend &backendOfSpace(const Space &space) const;
    QString resolveWorkdir(const Space &space, const QString &workdir) const;
    CommandSpec commandSpecFor(const Space &space, const CommandRequest &request) const;
    QStringList environmentOf(const Space &space, const QString &shellPath) const;

    Store &m_store;
    SpacePaths m_paths;
    std::chrono::milliseconds m_stopGrace;
    RemoteEnvironment m_remote;
    std::unique_ptr<SpaceBackend> m_manual;
    std::unique_ptr<SpaceBackend> m_sandbox;
    std::unique_ptr<SpaceBackend> m_podman;
    QSet<QString> m_busy;
    struct ServicesWatch
    {
        QString ownerId;
        QString handle;
        UniqueFd notifier;
        QSocketNotifier *listener = nullptr;
        // Deleted later: a watch may end inside its own notifier's signal.
        ~ServicesWatch()
        {
            if (listener) {
                listener->setEnabled(false);
                listener->deleteLater();
            }
        }
    };
    QHash<QString, std::shared_ptr<ServicesWatch>> m_watches;
    QHash<QString, std::shared_ptr<ReadinessCheck>> m_readiness;
    QTimer m_monitor;
    bool m_monitorRunning = false;
    std::stop_source m_shutdown; // ends running commands when the server shuts down
    // Last member: destroyed first, so no worker outlives what it reports to.
    WorkerPool m_workers;
};

} // namespace spaces
