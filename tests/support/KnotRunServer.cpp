#include "KnotRunServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QWebSocket>

namespace spaces::test {

KnotRunServer::KnotRunServer(Runner runner, QObject *parent)
    : QObject(parent)
    , m_runner(std::move(runner))
    , m_server(QStringLiteral("knot-run"), QWebSocketServer::NonSecureMode)
{
    connect(&m_server, &QWebSocketServer::newConnection, this, &KnotRunServer::onNewConnection);
}

KnotRunServer::~KnotRunServer() = default;

bool KnotRunServer::isRunPath(const QString &path)
{
    const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    return parts.size() == 3 && parts.at(0) == QLatin1String("space-io") &&
           parts.at(2) == QLatin1String("run");
}

void KnotRunServer::takeConnection(QTcpSocket *socket)
{
    // The QWebSocket made from it owns it from now on, not the server that accepted it.
    socket->setParent(nullptr);
    m_server.handleConnection(socket);
}

void KnotRunServer::onNewConnection()
{
    while (QWebSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QWebSocket::textMessageReceived, socket,
                [this, socket](const QString &message) {
                    if (socket->property("ran").toBool())
                        return;
                    socket->setProperty("ran", true);
                    ++m_started;
                    const QJsonObject request = QJsonDocument::fromJson(message.toUtf8()).object();
                    QStringList arguments;
                    for (const QJsonValue &argument : request.value(u"args").toArray())
                        arguments.append(argument.toString());
                    const Result result = m_runner(request.value(u"command").toString(), arguments);
                    if (!result.output.isEmpty())
                        socket->sendTextMessage(result.output);
                    if (!result.error.isEmpty())
                        socket->sendTextMessage(QStringLiteral("Error: ") + result.error +
                                                QStringLiteral("\r\n"));
                    socket->sendTextMessage(QString(QChar(0)));
                    socket->close(QWebSocketProtocol::CloseCodeNormal);
                });
    }
}

} // namespace spaces::test
