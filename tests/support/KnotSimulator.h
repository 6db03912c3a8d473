#pragma once

#include "FakeKnotServer.h"
#include "KnotLogServer.h"
#include "KnotRunServer.h"
#include "KnotTunnelServer.h"
#include "PtyTerminalServer.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

namespace spaces::test {

// A Knot server with state, for the client, the models, the spaces library and spacectl: it
// behaves as Knot's source does where clients can go wrong (docs/API.md, "Knot facts"):
// - PUT /api/spaces/{id} replaces the definition: what the body leaves out is wiped; a started
//   Docker space whose body lacks its node answers 423;
// - a start is pending first, then deployed, and only later has its agent (has_state): until
//   then run-command, execute-script and /space-io answer 503 "Agent session not found";
// - the event stream carries every user's events and other types, and is closed after a
//   while (Knot's WriteTimeout), so clients must reconnect;
// - GET /api/templates lists inactive templates; GET /api/scripts?user_id= gives only the
//   user's own scripts, without user_id the global ones too; execute-script finds names
//   among the caller's own scripts only;
// - port/stop answers 500 for an unknown forward; a body that is not JSON gets a plain-text
//   400 "invalid JSON format".
// Commands do not run anywhere: `echo` prints its arguments, `false` fails, the rest print
// nothing and succeed. Terminals are real: GET /proxy/spaces/{id}/terminal/{shell} on a
// space whose agent is connected runs the shell on a local PTY (PtyTerminalServer); before
// that the upgrade is refused as Knot's agent routes refuse (400 not running, 503 no agent).
// So are port tunnels: GET /proxy/spaces/{id}/port/{port} relays binary frames to
// 127.0.0.1:port (KnotTunnelServer), refused the same way. GET /space-io/{id}/run runs the
// fake commands with Knot's frames (KnotRunServer); setRunStreamEnabled(false) makes it an
// older Knot without that route.
class KnotSimulator final : public QObject
{
    Q_OBJECT

public:
    static inline const QString Token = QStringLiteral("knot-simulator-token");
    static inline const QString OtherUserId =
        QStringLiteral("2b1c0d9e-8f7a-4b6c-9d5e-3f2a1b0c9d8e");
    static inline const QString NodeId = QStringLiteral("6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d");
    // The active template (custom fields environment, api_key, port) and an inactive one.
    static inline const QString TemplateName = QStringLiteral("my-template");
    static inline const QString InactiveTemplateName = QStringLiteral("retired");
    static inline const QString GlobalScriptName = QStringLiteral("hello-global");
    static inline const QString OwnScriptName = QStringLiteral("hello-own");

    explicit KnotSimulator(QObject *parent = nullptr);

    bool listen(quint16 port = 0);
    QUrl url() const { return m_server.url(); }
    FakeKnotServer &server() { return m_server; }
    PtyTerminalServer &terminals() { return m_terminals; }
    KnotTunnelServer &tunnels() { return m_tunnels; }
    // GET /logs/{id}/stream with Knot's frames; a start and the agent's connection log lines.
    KnotLogServer &logs() { return m_logs; }
    KnotRunServer &runs() { return m_runs; }
    // An older Knot without GET /space-io/{id}/run: its upgrade gets a 404.
    void setRunStreamEnabled(bool enabled) { m_runStreamEnabled = enabled; }

    // How long a start stays pending, and how long after it the agent connects.
    void setStartDelay(int milliseconds) { m_startDelayMs = milliseconds; }
    void setAgentDelay(int milliseconds) { m_agentDelayMs = milliseconds; }
    // Every event stream is closed this long after it opened (0: never).
    void setStreamLifetime(int milliseconds) { m_streamLifetimeMs = milliseconds; }
    // The agent cannot be reached: port routes answer 500 "Failed to send command to agent".
    void setAgentUnreachable(bool unreachable) { m_agentUnreachable = unreachable; }

    // A space as the server has it (empty when there is none), by id or by the caller's name.
    QJsonObject space(const QString &idOrName) const;
    // Adds a space of the caller with every field Knot has (alt names, icon, startup script,
    // dependencies, stack), running on a node or stopped.
    QString addSpace(const QString &name, bool running);
    // Adds a space of another user and tells every stream, as Knot does.
    QString addOtherUsersSpace(const QString &name);
    void setTemplateActive(const QString &name, bool active);
    // Writes {"type":type,"payload":payload} to every open event stream.
    void sendEvent(const QString &type, const QJsonObject &payload);

private:
    std::optional<FakeResponse> handle(const RecordedRequest &request);
    std::optional<FakeResponse> handleSpace(const RecordedRequest &request, QStringList parts);
    std::optional<FakeResponse> handleSpaceIo(const RecordedRequest &request,
                                              const QStringList &parts);
    FakeResponse create(const RecordedRequest &request);
    FakeResponse replace(const QString &id, const RecordedRequest &request);
    FakeResponse start(const QString &id);
    FakeResponse stop(const QString &id);
    FakeResponse runCommand(const QString &id, const RecordedRequest &request);
    FakeResponse executeScript(const QString &id, const RecordedRequest &request);
    FakeResponse listSpaces(const RecordedRequest &request) const;
    FakeResponse listScripts(const RecordedRequest &request) const;
    FakeResponse listTemplates() const;
    FakeResponse eventStream();
    QString findId(const QString &idOrName) const;
    QJsonObject templateNamed(const QString &idOrName) const;
    void changed(const QString &id);
    bool agentReady(const QString &id) const;
    // The space a terminal route names when it may have a shell now; empty otherwise.
    QString terminalSpace(const RecordedRequest &request) const;
    std::optional<FakeResponse> refuseTerminal(const QStringList &parts) const;
    // The same for a port tunnel route.
    QString tunnelSpace(const RecordedRequest &request) const;
    std::optional<FakeResponse> refuseTunnel(const QStringList &parts) const;
    // The same for the log stream route (any space of the caller's, running or not).
    QString logSpace(const RecordedRequest &request) const;
    // The same for the streamed run.
    QString runSpace(const RecordedRequest &request) const;
    std::optional<FakeResponse> refuseRun(const QStringList &parts) const;
    // What a command "prints" here: `echo` its arguments, `false` fails, the rest nothing.
    static KnotRunServer::Result fakeRun(const QString &command, const QStringList &arguments);

    FakeKnotServer m_server;
    PtyTerminalServer m_terminals;
    KnotTunnelServer m_tunnels;
    KnotLogServer m_logs;
    KnotRunServer m_runs{&KnotSimulator::fakeRun};
    bool m_runStreamEnabled = true;
    QHash<QString, QJsonObject> m_spaces;
    QList<QJsonObject> m_templates;
    QList<QJsonObject> m_scripts;
    QHash<QString, QList<QJsonObject>> m_forwards; // space id -> PortForwardInfo
    int m_startDelayMs = 50;
    int m_agentDelayMs = 300;
    int m_streamLifetimeMs = 0;
    bool m_agentUnreachable = false;
    int m_nextId = 1;
};

} // namespace spaces::test
