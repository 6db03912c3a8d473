#pragma once

#include "SpacesClient.h"

#include <QObject>
#include <QString>
#include <memory>

namespace spaces {

class CommandConsole;
class ConsoleModel;
class CustomFieldModel;
class EventStream;
class LiveUpdates;
class LocalScriptRunner;
class PortForwardModel;
class ScriptModel;
class ScriptRunner;
class SpaceListModel;
class TemplateModel;

// The current connection of the window, without any widget: the client, the event stream, every
// model and the live updates. It builds them again whenever the user picks another server. For
// "This computer" it finds (or starts, detached) the local spacesd off the UI thread, so the
// window never waits on the network, a process or the disk.
class AppSession final : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Idle,
        Locating,
        Connected,
        Failed
    };
    Q_ENUM(State)

    explicit AppSession(QObject *parent = nullptr);
    ~AppSession() override;

    // The local spacesd: server.json in the data directory, else one started detached.
    void connectLocal();
    // A Knot-style server: a URL and an API token.
    void connectTo(const ConnectionSettings &settings);
    void disconnectFromServer();

    State state() const { return m_state; }
    // Why the last connection attempt failed, as a sentence.
    QString failure() const { return m_failure; }
    // Where the session is connected (empty URL while not connected).
    ConnectionSettings settings() const;

    // Null while not connected. Replaced (and the old ones deleted) on every connection:
    // listen to aboutToDisconnect to drop references first.
    SpacesClient *client() const;
    EventStream *eventStream() const;
    LiveUpdates *liveUpdates() const;
    SpaceListModel *spaces() const;
    TemplateModel *templates() const;
    ScriptModel *scripts() const;
    ScriptRunner *scriptRunner() const;
    PortForwardModel *portForwards() const;
    CustomFieldModel *customFields() const;
    ConsoleModel *consoleModel() const;
    CommandConsole *console() const;
    // Python files of this computer run against this connection (the Local environment).
    LocalScriptRunner *localScripts() const;

Q_SIGNALS:
    void stateChanged(spaces::AppSession::State state);
    // A sentence for the status bar while connecting ("Starting the local server…").
    void progress(const QString &sentence);
    // The models are about to be deleted: views drop their references now.
    void aboutToDisconnect();
    // New models are in place and loading.
    void connected();
    void connectionFailed(const QString &sentence);

private:
    struct Connection;

    void build(const ConnectionSettings &settings);
    void teardown();
    void setState(State state);

    std::unique_ptr<Connection> m_connection;
    State m_state = State::Idle;
    QString m_failure;
    quint64 m_generation = 0; // ignores a locate that finished after the user moved on
};

} // namespace spaces
