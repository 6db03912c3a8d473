#include "PtyTerminalServer.h"

#include "PtyShellSession.h"

#include <QDir>
#include <QHostAddress>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QWebSocket>

namespace spaces::test {

PtyTerminalServer::PtyTerminalServer(QObject *parent)
    : QObject(parent)
    , m_server(QStringLiteral("spaces-test-terminal"), QWebSocketServer::NonSecureMode)
    , m_workdir(QDir::homePath())
{
    connect(&m_server, &QWebSocketServer::newConnection, this, &PtyTerminalServer::onNewConnection);
}

PtyTerminalServer::~PtyTerminalServer()
{
    // Sessions are children: deleting them here hangs up their shells before the server goes.
    const auto sessions = findChildren<PtyShellSession *>(Qt::FindDirectChildrenOnly);
    for (PtyShellSession *session : sessions)
        delete session;
}

bool PtyTerminalServer::listen(quint16 port)
{
    return m_server.listen(QHostAddress::LocalHost, port);
}

QUrl PtyTerminalServer::httpUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_server.serverPort());
    return url;
}

void PtyTerminalServer::takeConnection(QTcpSocket *socket)
{
    // The QWebSocket made from it owns it from now on, not the server that accepted it.
    socket->setParent(nullptr);
    m_server.handleConnection(socket);
}

void PtyTerminalServer::dropConnections()
{
    const auto sessions = findChildren<PtyShellSession *>(Qt::FindDirectChildrenOnly);
    for (PtyShellSession *session : sessions)
        session->dropConnection();
}

QString PtyTerminalServer::shellPath(const QString &shellName)
{
    static const QStringList known{QStringLiteral("bash"), QStringLiteral("zsh"),
                                   QStringLiteral("fish"), QStringLiteral("sh")};
    if (!known.contains(shellName))
        return {};
    return QStandardPaths::findExecutable(shellName);
}

void PtyTerminalServer::onNewConnection()
{
    while (QWebSocket *socket = m_server.nextPendingConnection()) {
        const QString shell = socket->requestUrl().path().section(u'/', -1);
        const QString path = shellPath(shell);
        if (path.isEmpty()) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                          QStringLiteral("unknown shell"));
            socket->deleteLater();
            continue;
        }
        auto *session = new PtyShellSession(socket, path, m_workdir, this);
        ++m_sessions;
        ++m_started;
        connect(session, &PtyShellSession::finished, this, [this, session] {
            session->disconnect(this);
            session->deleteLater();
            --m_sessions;
            Q_EMIT sessionFinished();
        });
        Q_EMIT sessionStarted();
    }
}

} // namespace spaces::test
