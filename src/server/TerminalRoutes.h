#pragma once

#include "ApiContext.h"
#include "HttpResponder.h"
#include "PtyProcess.h"
#include "Router.h"
#include "WebSocketChannel.h"

#include <QHash>
#include <QObject>
#include <QThreadPool>
#include <optional>

namespace spaces {

class TerminalSession;

// GET /proxy/spaces/{space}/terminal/{shell}: an interactive login shell on a PTY inside the
// space, over a WebSocket with Knot's frames (API.md, "Streams over WebSocket"). Everything
// that can be refused is checked before the upgrade and answered as plain HTTP: the token
// and permission (401/403), the space (404), its state (409), the shell (400/404) and the
// caller's number of open terminals (429). Entering the space and starting the shell run on
// a worker thread. spacesd's own addition: `?run=PROGRAM&run=ARG...` runs one program (exec'd
// by the login shell) instead of an interactive shell.
class TerminalRoutes final : public QObject
{
    Q_OBJECT

public:
    explicit TerminalRoutes(ApiContext &context, QObject *parent = nullptr);
    ~TerminalRoutes() override;
    void install(Router &router);

    // Terminals one user may have open at once, across all spaces.
    static constexpr int MaxTerminalsPerUser = 32;

    // The socket side, reported by the WebSocket handler (on the Qt thread).
    void socketOpened(quint64 id, std::shared_ptr<WebSocketChannel> channel);
    void socketReceived(quint64 id, const QByteArray &message, bool binary);
    void socketGone(quint64 id);

private:
    void open(const QString &spaceKey, const QString &shell, const HttpRequest &request,
              HttpResponder responder);
    void started(std::optional<PtyProcess> process, const QString &error, const QString &userId,
                 HttpResponder responder);
    void release(const QString &userId);

    ApiContext &m_context;
    QHash<QString, int> m_openPerUser;
    QHash<quint64, TerminalSession *> m_sessions;
    quint64 m_nextId = 1;
    QThreadPool m_starters;
};

} // namespace spaces
