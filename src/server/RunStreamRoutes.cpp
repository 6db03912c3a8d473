#include "RunStreamRoutes.h"

#include "CommandService.h"
#include "HttpJson.h"
#include "LocalRuntime.h"
#include "RunStreamSession.h"
#include "SessionSocket.h"

namespace spaces {

RunStreamRoutes::RunStreamRoutes(ApiContext &context, CommandService &commands, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_commands(commands)
{}

// Sessions are children: each ends its command as it goes.
RunStreamRoutes::~RunStreamRoutes() = default;

void RunStreamRoutes::install(Router &router)
{
    router.add("GET", u"/space-io/<arg>/run",
               [this](const HttpRequest &r, const QStringList &a, HttpResponder out) {
                   open(a[0], r, std::move(out));
               });
}

void RunStreamRoutes::open(const QString &spaceKey, const HttpRequest &request,
                           HttpResponder responder)
{
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, spaceKey);
    if (!access)
        return responder.send(HttpJson::error(access.error()));
    const Space &space = access->space;
    if (!space.isDeployed || space.isPending || m_context.runtime.isBusy(space.id))
        return responder.send(HttpJson::error(ApiError{503, CommandService::NotRunning}));
    if (!request.webSocketUpgrade) {
        return responder.send(HttpJson::error(ApiError::badRequest(
            QStringLiteral("the run stream is a WebSocket: send an upgrade request"))));
    }
    const QString userId = access->user.id;
    if (m_openPerUser.value(userId) >= MaxRunStreamsPerUser) {
        return responder.send(HttpJson::error(
            ApiError{429, QStringLiteral("too many open run streams: at most %1 per user; close "
                                         "one first")
                              .arg(MaxRunStreamsPerUser)}));
    }
    ++m_openPerUser[userId];
    const quint64 id = m_nextId++;
    auto *session = new RunStreamSession(m_commands, access->user, space.id, this);
    m_sessions.insert(id, session);
    connect(session, &RunStreamSession::finished, this, [this, id, userId] {
        if (RunStreamSession *gone = m_sessions.take(id)) {
            gone->deleteLater();
            release(userId);
        }
    });
    responder.acceptWebSocket(std::make_shared<SessionSocket<RunStreamRoutes>>(this, id));
}

void RunStreamRoutes::release(const QString &userId)
{
    if (--m_openPerUser[userId] <= 0)
        m_openPerUser.remove(userId);
}

void RunStreamRoutes::socketOpened(quint64 id, std::shared_ptr<WebSocketChannel> channel)
{
    if (RunStreamSession *session = m_sessions.value(id))
        session->attach(std::move(channel));
    else if (channel)
        channel->close(WebSocketChannel::NormalClosure, "the run has ended");
}

void RunStreamRoutes::socketReceived(quint64 id, const QByteArray &message, bool binary)
{
    if (RunStreamSession *session = m_sessions.value(id))
        session->receive(message, binary);
}

void RunStreamRoutes::socketGone(quint64 id)
{
    if (RunStreamSession *session = m_sessions.value(id))
        session->detach();
}

} // namespace spaces
