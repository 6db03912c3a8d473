#include "KnotLogServer.h"

#include <QTcpSocket>
#include <QWebSocket>

namespace spaces::test {

KnotLogServer::KnotLogServer(QObject *parent)
    : QObject(parent)
    , m_server(QStringLiteral("knot-logs"), QWebSocketServer::NonSecureMode)
{
    connect(&m_server, &QWebSocketServer::newConnection, this, &KnotLogServer::onNewConnection);
}

KnotLogServer::~KnotLogServer() = default;

QString KnotLogServer::spaceOf(const QString &path)
{
    const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    if (parts.size() != 3 || parts.at(0) != QLatin1String("logs") ||
        parts.at(2) != QLatin1String("stream"))
        return {};
    return parts.at(1);
}

QString KnotLogServer::knotLine(const QDateTime &at, const QString &line)
{
    return QStringLiteral("\x1b[90m%1\x1b[0m \x1b[32mINFO\x1b[0m %2\r\n")
        .arg(at.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), line);
}

void KnotLogServer::takeConnection(QTcpSocket *socket)
{
    // The QWebSocket made from it owns it from now on, not the server that accepted it.
    socket->setParent(nullptr);
    m_server.handleConnection(socket);
}

void KnotLogServer::append(const QString &spaceId, const QString &line)
{
    const QString formatted = knotLine(QDateTime::currentDateTimeUtc(), line);
    QStringList &history = m_history[spaceId];
    history.append(formatted);
    if (history.size() > HistoryLines)
        history.remove(0, history.size() - HistoryLines);
    for (const QPointer<QWebSocket> &reader : std::as_const(m_readers)) {
        if (reader && spaceOf(reader->requestUrl().path()) == spaceId)
            reader->sendTextMessage(formatted);
    }
}

int KnotLogServer::readers() const
{
    int count = 0;
    for (const QPointer<QWebSocket> &reader : m_readers)
        count += reader ? 1 : 0;
    return count;
}

void KnotLogServer::onNewConnection()
{
    while (QWebSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        m_readers.removeAll(nullptr);
        m_readers.append(socket);
        const QString spaceId = spaceOf(socket->requestUrl().path());
        // Knot sends the history in one frame, then the 0x00 frame.
        const QString history = m_history.value(spaceId).join(QString());
        if (!history.isEmpty())
            socket->sendTextMessage(history);
        socket->sendTextMessage(QString(QChar(u'\0')));
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    }
}

} // namespace spaces::test
