#include "FakeKnotServer.h"

#include <QJsonDocument>
#include <QTcpSocket>
#include <QTimer>
#include <algorithm>

namespace spaces::test {

namespace {

QByteArray key(const QByteArray &method, const QByteArray &path)
{
    return method + ' ' + path;
}

} // namespace

// ---- FakeResponse ------------------------------------------------------------------------

FakeResponse FakeResponse::json(const QJsonObject &body, int status)
{
    return raw(status, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json");
}

FakeResponse FakeResponse::raw(int status, const QByteArray &body, const QByteArray &contentType)
{
    FakeResponse response;
    response.status = status;
    response.body = body;
    response.contentType = contentType;
    return response;
}

FakeResponse FakeResponse::error(int status, const QString &sentence)
{
    return json({{QStringLiteral("error"), sentence}}, status);
}

FakeResponse FakeResponse::hang()
{
    FakeResponse response;
    response.behaviour = Behaviour::Hang;
    return response;
}

FakeResponse FakeResponse::closeMidBody(const QByteArray &body)
{
    FakeResponse response = raw(200, body, "application/json");
    response.behaviour = Behaviour::CloseMidBody;
    return response;
}

FakeResponse FakeResponse::stream(const QList<QByteArray> &chunks, bool closeAfterChunks)
{
    FakeResponse response;
    response.behaviour = Behaviour::Stream;
    response.contentType = "text/event-stream";
    response.chunks = chunks;
    response.closeAfterChunks = closeAfterChunks;
    return response;
}

FakeResponse FakeResponse::flood(qint64 bytes, const QByteArray &prefix, bool announceLength)
{
    FakeResponse response;
    response.behaviour = Behaviour::Flood;
    response.body = prefix;
    response.floodBytes = bytes;
    response.announceLength = announceLength;
    return response;
}

FakeResponse FakeResponse::delayed(int milliseconds) const
{
    FakeResponse response = *this;
    response.delayMs = milliseconds;
    return response;
}

// ---- RecordedRequest ---------------------------------------------------------------------

QByteArray RecordedRequest::header(const QByteArray &name) const
{
    for (const auto &[headerName, value] : headers) {
        if (headerName.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool RecordedRequest::hasHeader(const QByteArray &name) const
{
    for (const auto &entry : headers) {
        if (entry.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QJsonObject RecordedRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

// ---- FakeKnotServer ----------------------------------------------------------------------

FakeKnotServer::FakeKnotServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeKnotServer::onNewConnection);
}

FakeKnotServer::~FakeKnotServer()
{
    m_server.close();
    closeAll();
}

bool FakeKnotServer::listen(quint16 port)
{
    return m_server.listen(QHostAddress::LocalHost, port);
}

QUrl FakeKnotServer::url() const
{
    QUrl result;
    result.setScheme(QStringLiteral("http"));
    result.setHost(QStringLiteral("127.0.0.1"));
    result.setPort(m_server.serverPort());
    return result;
}

void FakeKnotServer::on(const QByteArray &method, const QByteArray &path,
                        const FakeResponse &response)
{
    m_standing.insert(key(method, path), response);
}

void FakeKnotServer::once(const QByteArray &method, const QByteArray &path,
                          const FakeResponse &response)
{
    m_queued[key(method, path)].append(response);
}

QList<RecordedRequest> FakeKnotServer::requests(const QByteArray &method,
                                                const QByteArray &path) const
{
    QList<RecordedRequest> result;
    for (const RecordedRequest &request : m_requests) {
        if (request.method == method && request.path == path)
            result.append(request);
    }
    return result;
}

int FakeKnotServer::count(const QByteArray &method, const QByteArray &path) const
{
    return static_cast<int>(requests(method, path).size());
}

int FakeKnotServer::openStreams() const
{
    int open = 0;
    for (const auto &connection : m_connections) {
        if (connection->streaming && connection->socket &&
            connection->socket->state() == QAbstractSocket::ConnectedState) {
            ++open;
        }
    }
    return open;
}

void FakeKnotServer::pushToStreams(const QByteArray &bytes)
{
    QList<QPointer<QTcpSocket>> sockets;
    for (const auto &connection : m_connections) {
        if (connection->streaming)
            sockets.append(connection->socket);
    }
    for (const QPointer<QTcpSocket> &socket : sockets) {
        if (Connection *connection = socket ? find(socket) : nullptr)
            writeToStream(connection, bytes);
    }
}

void FakeKnotServer::dropStreams()
{
    // Closing may remove the connection at once: collect first, close after.
    QList<QPointer<QTcpSocket>> sockets;
    for (const auto &connection : m_connections) {
        if (connection->streaming && connection->socket) {
            connection->streaming = false;
            sockets.append(connection->socket);
        }
    }
    for (const QPointer<QTcpSocket> &socket : sockets) {
        if (QTcpSocket *open = socket.data())
            open->disconnectFromHost();
    }
}

void FakeKnotServer::closeAll()
{
    const auto connections = std::move(m_connections);
    m_connections.clear();
    for (const auto &connection : connections) {
        if (QTcpSocket *socket = connection->socket) {
            socket->disconnect(this);
            socket->abort();
            socket->deleteLater();
        }
    }
}

void FakeKnotServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        ++m_accepted;
        auto connection = std::make_unique<Connection>();
        connection->socket = socket;
        Connection *raw = connection.get();
        m_connections.push_back(std::move(connection));
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            if (Connection *found = find(socket))
                onReadyRead(found);
        });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            std::erase_if(m_connections, [socket](const std::unique_ptr<Connection> &entry) {
                return entry->socket == socket;
            });
            socket->deleteLater();
        });
        if (socket->bytesAvailable() > 0)
            onReadyRead(raw);
    }
}

FakeKnotServer::Connection *FakeKnotServer::find(const QTcpSocket *socket)
{
    for (const auto &connection : m_connections) {
        if (connection->socket == socket)
            return connection.get();
    }
    return nullptr;
}

void FakeKnotServer::onReadyRead(Connection *connection)
{
    QTcpSocket *socket = connection->socket;
    if (!socket)
        return;
    if (connection->buffer.isEmpty() && m_upgradeHandler && handOverUpgrade(connection))
        return;
    connection->buffer += socket->readAll();
    while (!connection->parked) {
        const qsizetype headerEnd = connection->buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = connection->buffer.left(headerEnd).split('\n');
        RecordedRequest request;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        const qsizetype question = request.target.indexOf('?');
        request.path = question < 0 ? request.target : request.target.left(question);
        if (question >= 0)
            request.query.setQuery(QString::fromLatin1(request.target.mid(question + 1)));
        qsizetype contentLength = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed();
            const QByteArray value = line.mid(colon + 1).trimmed();
            request.headers.append({name, value});
            if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                contentLength = value.toLongLong();
        }
        const qsizetype total = headerEnd + 4 + contentLength;
        if (connection->buffer.size() < total)
            return;
        request.body = connection->buffer.mid(headerEnd + 4, contentLength);
        connection->buffer.remove(0, total);
        m_requests.append(request);
        Q_EMIT requestReceived(request.method, request.path);
        respond(connection, request);
        // A slot may have closed everything.
        if (!find(socket))
            return;
    }
}

bool FakeKnotServer::handOverUpgrade(Connection *connection)
{
    QTcpSocket *socket = connection->socket;
    // Peeked, not read: whoever takes the socket reads the handshake from the start.
    const QByteArray head = socket->peek(64 * 1024);
    const qsizetype headerEnd = head.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return false; // the rest of the header comes with the next readyRead
    const QList<QByteArray> lines = head.left(headerEnd).split('\n');
    RecordedRequest request;
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.target = requestLine.value(1);
    const qsizetype question = request.target.indexOf('?');
    request.path = question < 0 ? request.target : request.target.left(question);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    if (request.header("Upgrade").compare("websocket", Qt::CaseInsensitive) != 0)
        return false;
    const SocketTaker taker = m_upgradeHandler(request);
    if (!taker)
        return false;
    m_requests.append(request);
    socket->disconnect(this);
    std::erase_if(m_connections, [socket](const std::unique_ptr<Connection> &entry) {
        return entry->socket == socket;
    });
    Q_EMIT requestReceived(request.method, request.path);
    taker(socket);
    return true;
}

FakeResponse FakeKnotServer::pick(const RecordedRequest &request)
{
    const QByteArray routeKey = key(request.method, request.path);
    auto queued = m_queued.find(routeKey);
    if (queued != m_queued.end() && !queued->isEmpty())
        return queued->takeFirst();
    if (m_handler) {
        if (std::optional<FakeResponse> handled = m_handler(request))
            return *handled;
    }
    const auto standing = m_standing.constFind(routeKey);
    if (standing != m_standing.constEnd())
        return *standing;
    return FakeResponse::error(
        404, QStringLiteral("no fake answer for %1").arg(QString::fromLatin1(routeKey)));
}

QByteArray FakeKnotServer::statusLine(int status)
{
    static const QHash<int, QByteArray> reasons{{200, "OK"},
                                                {201, "Created"},
                                                {204, "No Content"},
                                                {400, "Bad Request"},
                                                {401, "Unauthorized"},
                                                {403, "Forbidden"},
                                                {404, "Not Found"},
                                                {409, "Conflict"},
                                                {415, "Unsupported Media Type"},
                                                {423, "Locked"},
                                                {500, "Internal Server Error"},
                                                {502, "Bad Gateway"},
                                                {503, "Service Unavailable"}};
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasons.value(status, "Status") +
           "\r\n";
}

void FakeKnotServer::respond(Connection *connection, const RecordedRequest &request)
{
    const FakeResponse response = pick(request);
    if (response.behaviour == FakeResponse::Behaviour::Answer && response.delayMs > 0) {
        QPointer<QTcpSocket> socket = connection->socket;
        QTimer::singleShot(response.delayMs, this, [this, socket, response] {
            if (Connection *found = socket ? find(socket) : nullptr)
                answer(found, response);
        });
        return;
    }
    answer(connection, response);
}

void FakeKnotServer::answer(Connection *connection, const FakeResponse &response)
{
    QTcpSocket *socket = connection->socket;
    if (!socket)
        return;
    QByteArray head = statusLine(response.status);
    if (!response.contentType.isEmpty())
        head += "Content-Type: " + response.contentType + "\r\n";
    for (const auto &[name, value] : response.headers)
        head += name + ": " + value + "\r\n";
    switch (response.behaviour) {
    case FakeResponse::Behaviour::Answer:
        head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n\r\n";
        socket->write(head + response.body);
        return;
    case FakeResponse::Behaviour::Hang:
        connection->parked = true;
        return;
    case FakeResponse::Behaviour::CloseMidBody:
        connection->parked = true;
        head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n\r\n";
        socket->write(head + response.body.left(response.body.size() / 2));
        socket->disconnectFromHost();
        return;
    case FakeResponse::Behaviour::Stream:
        connection->parked = true;
        connection->streaming = true;
        connection->chunked = response.chunkedEncoding;
        head += "Cache-Control: no-cache\r\n";
        head += response.chunkedEncoding ? "Transfer-Encoding: chunked\r\n\r\n"
                                         : "Connection: close\r\n\r\n";
        socket->write(head);
        socket->flush();
        Q_EMIT streamOpened();
        writeStreamChunks(socket, response.chunks, response.chunkIntervalMs,
                          response.closeAfterChunks);
        return;
    case FakeResponse::Behaviour::Flood:
        connection->parked = true;
        connection->streaming = true;
        connection->chunked = !response.announceLength || response.floodBytes < 0;
        head += connection->chunked
                    ? QByteArray("Transfer-Encoding: chunked\r\n\r\n")
                    : "Content-Length: " + QByteArray::number(response.floodBytes) + "\r\n\r\n";
        socket->write(head);
        connection->floodLeft =
            response.floodBytes < 0
                ? -1
                : std::max<qint64>(0, response.floodBytes - response.body.size());
        writeToStream(connection, response.body);
        connect(socket, &QTcpSocket::bytesWritten, this,
                [this, socket = QPointer<QTcpSocket>(socket)] { topUpFlood(socket); });
        topUpFlood(socket);
        return;
    }
}

void FakeKnotServer::topUpFlood(QPointer<QTcpSocket> socket)
{
    // Kept small: the test's memory must show what the client holds, not what we queue.
    constexpr qint64 Ahead = 256 * 1024;
    constexpr qint64 Piece = 64 * 1024;
    static const QByteArray filler(Piece, 'x');
    // A write may find the connection closed and drop it: looked up again every time.
    for (;;) {
        QTcpSocket *open = socket.data();
        Connection *connection = open ? find(open) : nullptr;
        if (!open || !connection || !connection->streaming || open->bytesToWrite() >= Ahead)
            return;
        if (connection->floodLeft == 0) {
            connection->streaming = false;
            if (connection->chunked)
                open->write("0\r\n\r\n");
            return;
        }
        const qint64 size =
            connection->floodLeft < 0 ? Piece : std::min(Piece, connection->floodLeft);
        if (connection->floodLeft > 0)
            connection->floodLeft -= size;
        m_floodWritten += size;
        writeToStream(connection, filler.left(size));
    }
}

void FakeKnotServer::writeToStream(Connection *connection, const QByteArray &bytes)
{
    QTcpSocket *socket = connection->socket;
    if (!socket || bytes.isEmpty())
        return;
    if (connection->chunked)
        socket->write(QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n");
    else
        socket->write(bytes);
    socket->flush();
}

void FakeKnotServer::writeStreamChunks(QPointer<QTcpSocket> socket, QList<QByteArray> chunks,
                                       int intervalMs, bool close)
{
    Connection *connection = socket ? find(socket) : nullptr;
    if (!connection || !connection->streaming)
        return;
    if (chunks.isEmpty()) {
        if (close)
            connection->streaming = false;
        Q_EMIT streamChunksSent();
        if (QTcpSocket *open = socket.data(); close && open)
            open->disconnectFromHost();
        return;
    }
    writeToStream(connection, chunks.takeFirst());
    QTimer::singleShot(intervalMs, this, [this, socket, chunks, intervalMs, close] {
        writeStreamChunks(socket, chunks, intervalMs, close);
    });
}

} // namespace spaces::test
