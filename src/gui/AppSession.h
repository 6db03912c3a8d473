#pragma once

#include "LiveUpdates.h"
#include "SpacesClient.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <chrono>
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
// window never waits on the network, a process or the disk. While connected there and the
// live connection is down, it reads server.json again on every reconnect attempt (and on
// recheckLocalServer()): a spacesd restarted on another port is followed by itself, and one
// that is gone is said (localServerMissing) so that the user can start it.
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
    // Connected to "This computer": finds the local spacesd afresh, off the UI thread, and
    // connects again when it is another one (a new port, a new token); never starts one.
    void recheckLocalServer();
    bool isLocal() const { return m_local; }
    // Between localServerMissing and localServerBack: failed loads have that one cause.
    bool isLocalServerMissing() const { return !m_missing.isEmpty(); }
    bool isRechecking() const { return m_checking; }
    // How often the local server is looked for again while the live connection is down.
    static constexpr std::chrono::milliseconds RecheckInterval{2000};
    void setRecheckInterval(std::chrono::milliseconds interval); // tests

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
    // No spacesd serves this computer's data directory any more: the sentence says so; the
    // remedy is connectLocal(), which starts one. Said once per outage.
    void localServerMissing(const QString &sentence);
    // The local server answers again (the same or a new one): `sentence` is the one
    // localServerMissing said.
    void localServerBack(const QString &sentence);

private:
    struct Connection;

    void build(const ConnectionSettings &settings);
    void teardown();
    void setState(State state);
    void liveConnectionChanged(LiveUpdates::Connection connection);
    void localServerFound(const Expected<ConnectionSettings> &found, bool noneRunning);

    std::unique_ptr<Connection> m_connection;
    QTimer m_recheck;
    bool m_local = false;
    bool m_checking = false;
    QString m_missing; // what localServerMissing said, until the server is back
    State m_state = State::Idle;
    QString m_failure;
    quint64 m_generation = 0; // ignores a locate that finished after the user moved on
};

} // namespace spaces
