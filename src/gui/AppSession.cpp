#include "AppSession.h"

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
{}

AppSession::~AppSession()
{
    teardown();
}

void AppSession::connectLocal()
{
    teardown();
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
    ++m_generation;
    build(settings);
}

void AppSession::disconnectFromServer()
{
    teardown();
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
    m_connection->live.start();
    m_connection->spaces.refresh();
    m_connection->templates.refresh();
    m_connection->scripts.refresh();
}

void AppSession::teardown()
{
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
