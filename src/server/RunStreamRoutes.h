#pragma once

#include "ApiContext.h"
#include "HttpResponder.h"
#include "Router.h"
#include "WebSocketChannel.h"

#include <QHash>
#include <QObject>

namespace spaces {

class CommandService;
class RunStreamSession;

// GET /space-io/{space}/run: run-command with its output streamed over a WebSocket, with
// Knot's frames (API.md, "Streams over WebSocket"). Everything that can be refused before the
// command is known is checked before the upgrade and answered as plain HTTP: the token and
// permission (401/403), the space (404), its state (503, run-command's sentence) and the
// caller's number of open run streams (429). The first text frame is run-command's JSON; what
// is wrong with it, or with running it, comes back as an "Error: ..." frame.
class RunStreamRoutes final : public QObject
{
    Q_OBJECT

public:
    RunStreamRoutes(ApiContext &context, CommandService &commands, QObject *parent = nullptr);
    ~RunStreamRoutes() override;
    void install(Router &router);

    // Run streams one user may have open at once (running or waiting their turn).
    static constexpr int MaxRunStreamsPerUser = 64;

    // The socket side, reported by the WebSocket handler (on the Qt thread).
    void socketOpened(quint64 id, std::shared_ptr<WebSocketChannel> channel);
    void socketReceived(quint64 id, const QByteArray &message, bool binary);
    void socketGone(quint64 id);

private:
    void open(const QString &spaceKey, const HttpRequest &request, HttpResponder responder);
    void release(const QString &userId);

    ApiContext &m_context;
    CommandService &m_commands;
    QHash<QString, int> m_openPerUser;
    QHash<quint64, RunStreamSession *> m_sessions;
    quint64 m_nextId = 1;
};

} // namespace spaces
