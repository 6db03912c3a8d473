#pragma once

#include "ApiError.h"
#include "CommandResult.h"
#include "Expected.h"
#include "ScriptResult.h"
#include "Space.h"
#include "SpacePaths.h"
#include "Store.h"
#include "WorkerPool.h"

#include <QLoggingCategory>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <chrono>
#include <functional>
#include <memory>
#include <stop_token>

namespace spaces {

Q_DECLARE_LOGGING_CATEGORY(lcRuntime)

class EventHub;
class PortForwards;
class SpaceBackend;
class Store;
struct LaunchedSpace;
struct SpaceTemplate;

// Runs local spaces for real, as the coordinator over the backends (SpaceBackend: the
// sandbox by default, manual on request), chosen by the template's platform when a space
// starts and by the handle the Store keeps afterwards. Commands and scripts run inside the
// space with a timeout. The slow parts (launching, waiting for a space to end, commands)
// run on worker threads; every state change is written to the Store and announced on the
// server thread, where this object lives.
class LocalRuntime final : public QObject
{
    Q_OBJECT

public:
    LocalRuntime(Store &store, EventHub &events, PortForwards &forwards, SpacePaths paths,
                 std::chrono::milliseconds stopGrace, QObject *parent = nullptr);
    // Ends the commands and scripts still running (their answers can no longer be sent) so
    // that the server exits promptly; spaces' services keep running, to be adopted.
    ~LocalRuntime() override;

    // The backend for a template's platform ("manual" unconfined, otherwise the sandbox).
    const SpaceBackend &backendFor(const SpaceTemplate &spaceTemplate) const;

    // At server start: keep the spaces whose services are still alive, mark the others
    // stopped, and bring back the persistent forwards of those that run.
    void adopt();

    bool isBusy(const QString &spaceId) const { return m_busy.contains(spaceId); }
    QString spaceDirectory(const QString &spaceId) const { return m_paths.spaceDirectory(spaceId); }
    QString logFile(const QString &spaceId) const { return m_paths.logFile(spaceId); }

    // Each reports on the server thread when done; a status-0 ApiError means success.
    using Completion = std::function<void(const ApiError &)>;
    void start(const Space &space, Completion done);
    void stop(const Space &space, Completion done);
    void restart(const Space &space, Completion done);

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

    // Absolute path of the space's shell, or an error saying it is not installed.
    ApiError locateShell(const Space &space, QString *path) const;

    static constexpr std::chrono::milliseconds MonitorInterval{1000};

private:
    void launch(const Space &space, bool restart, Completion done);
    ApiError finishLaunch(const Space &space, const Expected<LaunchedSpace> &result);
    Expected<void> markStopped(const QString &spaceId, const QString &ownerId);
    void checkServices();
    // The backend that made `handle`; an empty one (a space without services) or one of an
    // earlier version is the manual backend's.
    const SpaceBackend &backendOf(const QString &handle) const;
    static QString handleOf(const Store::RuntimeState &state);
    const SpaceBackend &backendOfSpace(const Space &space) const;
    QString resolveWorkdir(const Space &space, const QString &workdir) const;
    QStringList environmentOf(const Space &space, const QString &shellPath) const;

    Store &m_store;
    EventHub &m_events;
    PortForwards &m_forwards;
    SpacePaths m_paths;
    std::chrono::milliseconds m_stopGrace;
    std::unique_ptr<SpaceBackend> m_manual;
    std::unique_ptr<SpaceBackend> m_sandbox;
    std::unique_ptr<SpaceBackend> m_podman;
    QSet<QString> m_busy;
    QTimer m_monitor;
    bool m_monitorRunning = false;
    std::stop_source m_shutdown; // ends running commands when the server shuts down
    // Last member: destroyed first, so no worker outlives what it reports to.
    WorkerPool m_workers;
};

} // namespace spaces
