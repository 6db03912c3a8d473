#include "AppSession.h"

#include "ClientLogging.h"
#include "CommandConsole.h"
#include "ConsoleModel.h"
#include "CustomFieldModel.h"
#include "EventStream.h"
#include "LiveUpdates.h"
#include "LocalScriptRunner.h"
#include "LocalTunnels.h"
#include "PortForwardModel.h"
#include "ScriptModel.h"
#include "ScriptRunner.h"
#include "ServerLocator.h"
#include "SpaceListModel.h"
#include "TemplateModel.h"

#include <QCoreApplication>
#include <QFuture>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>
#include <utility>

namespace spaces {

// Declaration order is construction order; members are destroyed in reverse, so the live
// updates and models go before the stream and the client they use.
struct AppSession::Connection
{
    explicit Connection(const ConnectionSettings &settings)
        : client(settings)
        , stream(settings, client.network())
        , spaces(client)
        , templates(client)
        , scripts(client)
        , runner(client)
        , tunnels(settings)
        , forwards(client)
        , fields(client)
        , console(client, consoleModel)
        , live(spaces, stream)
        , localScripts(settings)
    {
        live.followTemplates(&templates);
        live.followPortForwards(&forwards);
        forwards.setLocalTunnels(&tunnels);
    }

    SpacesClient client;
    EventStream stream;
    SpaceListModel spaces;
    TemplateModel templates;
    ScriptModel scripts;
    ScriptRunner runner;
    LocalTunnels tunnels; // ports of spaces on this computer, while the app runs
    PortForwardModel forwards;
    CustomFieldModel fields;
    ConsoleModel consoleModel;
    CommandConsole console;
    LiveUpdates live;
    LocalScriptRunner localScripts;
};

AppSession::AppSession(QObject *parent)
    : QObject(parent)
{
    m_recheck.setInterval(RecheckInterval);
    connect(&m_recheck, &QTimer::timeout, this, &AppSession::recheckLocalServer);
}

void AppSession::setRecheckInterval(std::chrono::milliseconds interval)
{
    m_recheck.setInterval(interval);
}

AppSession::~AppSession()
{
    teardown();
}

void AppSession::connectLocal()
{
    teardown();
    m_local = true;
    const quint64 generation = ++m_generation;
    setState(State::Locating);
    Q_EMIT progress(tr("Looking for the spaces server on this computer…"));
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QString directory = QCoreApplication::applicationDirPath();
    // ServerLocator blocks (it may start spacesd and wait for it): a worker thread runs it and
    // the answer comes back to this object's thread, unless this object is gone by then.
    QtConcurrent::run([environment, directory] {
        ServerLocator locator(environment, directory);
        return locator.locate({}, {});
    }).then(this, [this, generation](const Expected<ConnectionSettings> &result) {
        // A locate that finished before the continuation was attached runs it inside
        // connectLocal(); callers are promised an answer from the event loop.
        QMetaObject::invokeMethod(
            this,
            [this, generation, result] {
                if (generation != m_generation)
                    return;
                if (!result) {
                    m_failure = result.error().message;
                    setState(State::Failed);
                    Q_EMIT connectionFailed(m_failure);
                    return;
                }
                build(*result);
            },
            Qt::QueuedConnection);
    });
}

void AppSession::connectTo(const ConnectionSettings &settings)
{
    teardown();
    m_local = false;
    m_missing.clear();
    ++m_generation;
    build(settings);
}

void AppSession::disconnectFromServer()
{
    teardown();
    m_local = false;
    m_missing.clear();
    ++m_generation;
    setState(State::Idle);
}

ConnectionSettings AppSession::settings() const
{
    return m_connection ? m_connection->client.settings() : ConnectionSettings{};
}

void AppSession::build(const ConnectionSettings &settings)
{
    m_failure.clear();
    m_connection = std::make_unique<Connection>(settings);
    setState(State::Connected);
    Q_EMIT connected();
    connect(&m_connection->live, &LiveUpdates::connectionChanged, this,
            &AppSession::liveConnectionChanged);
    m_connection->live.start();
    m_connection->spaces.refresh();
    m_connection->templates.refresh();
    m_connection->scripts.refresh();
}

void AppSession::recheckLocalServer()
{
    if (!m_local || m_checking || m_state == State::Locating)
        return;
    m_checking = true;
    const quint64 generation = m_generation;
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QString directory = QCoreApplication::applicationDirPath();
    // server.json and a ping: disk and network, so a worker thread.
    QtConcurrent::run([environment, directory] {
        ServerLocator locator(environment, directory);
        bool noneRunning = false;
        Expected<ConnectionSettings> found = locator.findServing(&noneRunning);
        return std::make_pair(found, noneRunning);
    }).then(this, [this, generation](const std::pair<Expected<ConnectionSettings>, bool> &result) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, result] {
                m_checking = false;
                if (generation == m_generation && m_local)
                    localServerFound(result.first, result.second);
            },
            Qt::QueuedConnection);
    });
}

void AppSession::localServerFound(const Expected<ConnectionSettings> &found, bool noneRunning)
{
    if (!found) {
        if (noneRunning && m_missing.isEmpty()) {
            m_missing = found.error().message;
            Q_EMIT localServerMissing(m_missing);
        }
        return;
    }
    const ConnectionSettings current = settings();
    const bool same =
        m_connection && found->baseUrl == current.baseUrl && found->token == current.token;
    // The same server: its event stream and polling reconnect by themselves.
    if (!same) {
        qCInfo(lcClient) << "the local server is now at" << found->baseUrl.toString();
        teardown();
        ++m_generation;
        build(*found);
    }
    if (!m_missing.isEmpty())
        Q_EMIT localServerBack(std::exchange(m_missing, {}));
}

void AppSession::liveConnectionChanged(LiveUpdates::Connection connection)
{
    if (!m_local)
        return;
    if (connection == LiveUpdates::Connection::Live) {
        m_recheck.stop();
        if (!m_missing.isEmpty())
            Q_EMIT localServerBack(std::exchange(m_missing, {}));
        return;
    }
    if (connection == LiveUpdates::Connection::Polling ||
        connection == LiveUpdates::Connection::Disconnected) {
        if (!m_recheck.isActive())
            m_recheck.start();
        recheckLocalServer();
    }
}

void AppSession::teardown()
{
    m_recheck.stop();
    if (!m_connection)
        return;
    Q_EMIT aboutToDisconnect();
    m_connection->live.stop();
    m_connection->stream.stop();
    m_connection.reset();
}

void AppSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

SpacesClient *AppSession::client() const
{
    return m_connection ? &m_connection->client : nullptr;
}
EventStream *AppSession::eventStream() const
{
    return m_connection ? &m_connection->stream : nullptr;
}
LiveUpdates *AppSession::liveUpdates() const
{
    return m_connection ? &m_connection->live : nullptr;
}
SpaceListModel *AppSession::spaces() const
{
    return m_connection ? &m_connection->spaces : nullptr;
}
TemplateModel *AppSession::templates() const
{
    return m_connection ? &m_connection->templates : nullptr;
}
ScriptModel *AppSession::scripts() const
{
    return m_connection ? &m_connection->scripts : nullptr;
}
ScriptRunner *AppSession::scriptRunner() const
{
    return m_connection ? &m_connection->runner : nullptr;
}
PortForwardModel *AppSession::portForwards() const
{
    return m_connection ? &m_connection->forwards : nullptr;
}
CustomFieldModel *AppSession::customFields() const
{
    return m_connection ? &m_connection->fields : nullptr;
}
ConsoleModel *AppSession::consoleModel() const
{
    return m_connection ? &m_connection->consoleModel : nullptr;
}
LocalScriptRunner *AppSession::localScripts() const
{
    return m_connection ? &m_connection->localScripts : nullptr;
}
CommandConsole *AppSession::console() const
{
    return m_connection ? &m_connection->console : nullptr;
}

} // namespace spaces
