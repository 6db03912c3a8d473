#pragma once

#include "ApiError.h"
#include "CommandResult.h"
#include "Expected.h"
#include "ScriptResult.h"
#include "Space.h"
#include "SpacePaths.h"
#include "WorkerPool.h"

#include <QObject>
#include <QSet>
#include <QTimer>
#include <chrono>
#include <functional>
#include <stop_token>

namespace spaces {

class EventHub;
class PortForwards;
class Store;

// Runs local spaces for real: services as detached process groups, commands and scripts
// with a timeout. The slow parts (fork/exec, waiting for a group to end, commands) run on
// worker threads; every state change is written to the Store and announced on the server
// thread, where this object lives.
class LocalRuntime final : public QObject
{
    Q_OBJECT

public:
    LocalRuntime(Store &store, EventHub &events, PortForwards &forwards, SpacePaths paths,
                 std::chrono::milliseconds stopGrace, QObject *parent = nullptr);
    // Ends the commands and scripts still running (their answers can no longer be sent) so
    // that the server exits promptly; spaces' services keep running, to be adopted.
    ~LocalRuntime() override;

    // At server start: keep the spaces whose services are still alive, mark the others
    // stopped, and bring back the persistent forwards of those that run.
    void adopt();

    bool isBusy(const QString &spaceId) const { return m_busy.contains(spaceId); }
    QString spaceDirectory(const QString &spaceId) const { return m_paths.spaceDirectory(spaceId); }

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

    // Absolute path of the space's shell, or an error saying it is not installed.
    ApiError locateShell(const Space &space, QString *path) const;

    static constexpr std::chrono::milliseconds MonitorInterval{1000};

private:
    struct LaunchResult
    {
        qint64 processGroup = 0;
        QString error;
    };
    void launch(const Space &space, qint64 previousGroup, Completion done);
    ApiError finishLaunch(const Space &space, const LaunchResult &result);
    Expected<void> markStopped(const QString &spaceId, const QString &ownerId);
    void checkServices();
    QString resolveWorkdir(const Space &space, const QString &workdir) const;

    Store &m_store;
    EventHub &m_events;
    PortForwards &m_forwards;
    SpacePaths m_paths;
    std::chrono::milliseconds m_stopGrace;
    QSet<QString> m_busy;
    QTimer m_monitor;
    bool m_monitorRunning = false;
    std::stop_source m_shutdown; // ends running commands when the server shuts down
    // Last member: destroyed first, so no worker outlives what it reports to.
    WorkerPool m_workers;
};

} // namespace spaces
