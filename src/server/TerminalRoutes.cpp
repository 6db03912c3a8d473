#include "TerminalRoutes.h"

#include "HttpJson.h"
#include "LocalRuntime.h"
#include "PtyProcess.h"
#include "SessionSocket.h"
#include "ShellLocator.h"
#include "ShellQuote.h"
#include "SpaceBackend.h"
#include "TerminalSession.h"

#include <QFileInfo>
#include <QPointer>

namespace spaces {

namespace {

const QStringList KnownShells{QStringLiteral("bash"), QStringLiteral("zsh"), QStringLiteral("fish"),
                              QStringLiteral("sh")};
constexpr unsigned short DefaultColumns = 80;
constexpr unsigned short DefaultRows = 24;

// Where the PTY comes from: the space's own devpts when the backend shows one (a sandbox, a
// container), so `tty` inside names a /dev/pts/N that exists there; the host's otherwise.
QString multiplexerOf(const TerminalEntry &entry)
{
    const QString &view = entry.multiplexer;
    // An unconfined space "shows" the host's own path, whose ptmx is not for opening.
    if (view.isEmpty() || view == u"/dev/pts/ptmx" || !QFileInfo::exists(view))
        return QStringLiteral("/dev/ptmx");
    return view;
}

QStringList withTerminalType(QStringList environment)
{
    environment.erase(std::remove_if(environment.begin(), environment.end(),
                                     [](const QString &entry) {
                                         return entry.startsWith(QLatin1String("TERM="));
                                     }),
                      environment.end());
    environment.append(QStringLiteral("TERM=xterm-256color"));
    return environment;
}

} // namespace

TerminalRoutes::TerminalRoutes(ApiContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
{
    m_starters.setMaxThreadCount(2);
}

TerminalRoutes::~TerminalRoutes()
{
    m_starters.waitForDone();
    // Sessions are children: they kill and reap their shells as they go.
}

void TerminalRoutes::install(Router &router)
{
    router.add("GET", u"/proxy/spaces/<arg>/terminal/<arg>",
               [this](const HttpRequest &r, const QStringList &a, HttpResponder out) {
                   open(a[0], a[1], r, std::move(out));
               });
}

void TerminalRoutes::open(const QString &spaceKey, const QString &shell, const HttpRequest &request,
                          HttpResponder responder)
{
    const Expected<ApiContext::SpaceAccess> access = m_context.spaceFor(request, spaceKey);
    if (!access)
        return responder.send(HttpJson::error(access.error()));
    const Space &space = access->space;
    if (!request.webSocketUpgrade) {
        return responder.send(HttpJson::error(ApiError::badRequest(
            QStringLiteral("the terminal is a WebSocket: send an upgrade request"))));
    }
    if (!KnownShells.contains(shell)) {
        return responder.send(HttpJson::error(ApiError::badRequest(
            QStringLiteral("unknown shell '%1': choose bash, zsh, fish or sh").arg(shell))));
    }
    const QString shellPath = ShellLocator::find(shell);
    if (shellPath.isEmpty()) {
        return responder.send(HttpJson::error(ApiError::notFound(
            QStringLiteral("shell '%1' is not installed in the space").arg(shell))));
    }
    if (!space.isDeployed || space.isPending || m_context.runtime.isBusy(space.id)) {
        return responder.send(HttpJson::error(ApiError::conflict(
            QStringLiteral("Space is not running: start it to open a terminal"))));
    }
    const QString userId = access->user.id;
    if (m_openPerUser.value(userId) >= MaxTerminalsPerUser) {
        return responder.send(HttpJson::error(
            ApiError{429, QStringLiteral("too many open terminals: at most %1 per user; close "
                                         "one first")
                              .arg(MaxTerminalsPerUser)}));
    }

    const LocalRuntime::SpaceEntry entry = m_context.runtime.entryFor(space, shellPath);
    CommandSpec spec;
    spec.program = shellPath;
    spec.arguments = {QStringLiteral("-l")};
    const QStringList run =
        request.query.allQueryItemValues(QStringLiteral("run"), QUrl::FullyDecoded);
    if (!run.isEmpty()) {
        QStringList words;
        for (const QString &word : run)
            words.append(ShellQuote::quote(shell, word));
        spec.arguments << QStringLiteral("-c") << QStringLiteral("exec ") + words.join(u' ');
    }
    spec.workingDirectory = entry.home;
    spec.environment = withTerminalType(entry.environment);
    spec.timeout = std::chrono::seconds(0);

    ++m_openPerUser[userId];
    // The pool is waited for before this object goes, and a call queued to a gone object is
    // dropped: `this` is safe in both lambdas.
    // Entering asks the backend (a container engine, say): on a worker, as the spawn.
    m_starters.start([this, entry, spec, userId, responder]() mutable {
        QString error;
        auto process = std::make_shared<std::optional<PtyProcess>>();
        const Expected<TerminalEntry> inside = entry.backend->enterTerminal(entry.handle, spec);
        if (!inside)
            error = inside.error().message;
        else if (std::optional<PtyProcess> spawned = PtyProcess::spawn(
                     inside->spec, multiplexerOf(*inside), DefaultColumns, DefaultRows,
                     inside->handsTerminalOn ? PtyProcess::Holder::Descendant
                                             : PtyProcess::Holder::Program,
                     &error))
            process->emplace(std::move(*spawned));
        QMetaObject::invokeMethod(
            this,
            [this, process, error, userId, responder]() mutable {
                started(std::move(*process), error, userId, std::move(responder));
            },
            Qt::QueuedConnection);
    });
}

void TerminalRoutes::started(std::optional<PtyProcess> process, const QString &error,
                             const QString &userId, HttpResponder responder)
{
    if (!process) {
        qCWarning(lcTerminal) << "could not start a terminal:" << error;
        release(userId);
        return responder.send(HttpJson::error(ApiError{500, error}));
    }
    const quint64 id = m_nextId++;
    auto *session = new TerminalSession(std::move(*process), this);
    m_sessions.insert(id, session);
    connect(session, &TerminalSession::finished, this, [this, id, userId] {
        if (TerminalSession *gone = m_sessions.take(id)) {
            gone->deleteLater();
            release(userId);
        }
    });
    responder.acceptWebSocket(std::make_shared<SessionSocket<TerminalRoutes>>(this, id));
}

void TerminalRoutes::release(const QString &userId)
{
    if (--m_openPerUser[userId] <= 0)
        m_openPerUser.remove(userId);
}

void TerminalRoutes::socketOpened(quint64 id, std::shared_ptr<WebSocketChannel> channel)
{
    if (TerminalSession *session = m_sessions.value(id))
        session->attach(std::move(channel));
}

void TerminalRoutes::socketReceived(quint64 id, const QByteArray &message, bool binary)
{
    if (TerminalSession *session = m_sessions.value(id))
        session->receive(message, binary);
}

void TerminalRoutes::socketGone(quint64 id)
{
    if (TerminalSession *session = m_sessions.value(id))
        session->detach();
}

} // namespace spaces
