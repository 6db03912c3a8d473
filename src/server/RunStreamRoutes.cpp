#include "RunStreamRoutes.h"

#include "CommandService.h"
#include "HttpJson.h"
#include "LocalRuntime.h"
#include "RunStreamSession.h"
#include "WebSocketHandler.h"

namespace spaces {

namespace {

// The transport's handler for one run socket: forwards to the routes by id, so that nothing
// of a session is touched after it went, and a socket that never opened (the client left
// during the upgrade) still ends its session.
class RunSocket final : public WebSocketHandler
{
public:
    RunSocket(RunStreamRoutes *routes, quint64 id)
        : m_routes(routes)
        , m_id(id)
    {}
    // May run on an I/O thread; the routes outlive the transport's threads.
    ~RunSocket() override
    {
        QMetaObject::invokeMethod(
            m_routes, [routes = m_routes, id = m_id] { routes->socketGone(id); },
            Qt::QueuedConnection);
    }
    void opened(std::shared_ptr<WebSocketChannel> channel) override
    {
        m_routes->socketOpened(m_id, std::move(channel));
    }
    void received(const QByteArray &message, bool binary) override
    {
        m_routes->socketReceived(m_id, message, binary);
    }
    void closed() override { m_routes->socketGone(m_id); }

private:
    RunStreamRoutes *m_routes;
    quint64 m_id;
};

} // namespace

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
    responder.acceptWebSocket(std::make_shared<RunSocket>(this, id));
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
