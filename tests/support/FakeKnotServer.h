#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QTcpSocket;

namespace spaces::test {

// What the fake server does with one request.
struct FakeResponse
{
    enum class Behaviour
    {
        Answer,       // status, headers and body (after delayMs)
        Hang,         // read the request, never answer
        CloseMidBody, // announce the whole body, send half of it, close
        Stream,       // an event stream: the chunks one by one, then stay open (or close)
        Flood,        // `body`, then floodBytes of filler (or without end), made as it is sent
    };

    Behaviour behaviour = Behaviour::Answer;
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    int delayMs = 0;
    QList<QByteArray> chunks;      // Stream: written one at a time
    int chunkIntervalMs = 1;       // Stream: pause between chunks
    bool chunkedEncoding = true;   // Stream: Transfer-Encoding: chunked, as Go's net/http
    bool closeAfterChunks = false; // Stream: drop the connection after the last chunk
    qint64 floodBytes = -1;        // Flood: the whole body's size, -1 for a body without end
    bool announceLength = false;   // Flood: Content-Length (floodBytes) instead of chunked

    static FakeResponse json(const QJsonObject &body, int status = 200);
    static FakeResponse raw(int status, const QByteArray &body, const QByteArray &contentType);
    // {"error":"<sentence>"} with the status.
    static FakeResponse error(int status, const QString &sentence);
    static FakeResponse hang();
    static FakeResponse closeMidBody(const QByteArray &body);
    static FakeResponse stream(const QList<QByteArray> &chunks, bool closeAfterChunks = false);
    // A body of `bytes` (-1: endless) starting with `prefix`, generated while it is written so
    // that the test process never holds it; chunked unless `announceLength`.
    static FakeResponse flood(qint64 bytes, const QByteArray &prefix = {},
                              bool announceLength = false);
    FakeResponse delayed(int milliseconds) const;
};

// One request as the fake server read it.
struct RecordedRequest
{
    QByteArray method;
    QByteArray target; // path and query as sent (percent-encoded)
    QByteArray path;   // the target without its query
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    // The value of a header (name case-insensitive); empty when absent.
    QByteArray header(const QByteArray &name) const;
    bool hasHeader(const QByteArray &name) const;
    QJsonObject json() const;
};

// A small HTTP/1.1 server on 127.0.0.1 for client tests: canned answers per method and path,
// a record of every request, and misbehaviour on demand (hang, close mid-body, event streams
// written in chosen chunks and dropped). Everything runs on the test's event loop; the
// destructor closes every connection.
class FakeKnotServer final : public QObject
{
    Q_OBJECT

public:
    explicit FakeKnotServer(QObject *parent = nullptr);
    ~FakeKnotServer() override;

    bool listen(quint16 port = 0);
    quint16 port() const { return m_server.serverPort(); }
    QUrl url() const;

    // Answers `method path` (path without the query) with `response`, every time...
    void on(const QByteArray &method, const QByteArray &path, const FakeResponse &response);
    // ...except for answers queued with once(), which go first, in order, one per request.
    void once(const QByteArray &method, const QByteArray &path, const FakeResponse &response);
    // A server with state of its own (KnotSimulator) answers here; no answer (nullopt) falls
    // through to the queued and standing ones.
    using Handler = std::function<std::optional<FakeResponse>(const RecordedRequest &request)>;
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    // A WebSocket upgrade request (not read from the socket yet) goes here first; a handler
    // that wants it answers who takes the socket (a QWebSocketServer reads the handshake
    // itself), and the fake server forgets the connection before handing it over. No taker:
    // answered as any request (a refusal).
    using SocketTaker = std::function<void(QTcpSocket *socket)>;
    using UpgradeHandler = std::function<SocketTaker(const RecordedRequest &request)>;
    void setUpgradeHandler(UpgradeHandler handler) { m_upgradeHandler = std::move(handler); }

    const QList<RecordedRequest> &requests() const { return m_requests; }
    QList<RecordedRequest> requests(const QByteArray &method, const QByteArray &path) const;
    int count(const QByteArray &method, const QByteArray &path) const;
    void clearRequests() { m_requests.clear(); }
    int connectionsAccepted() const { return m_accepted; }
    // Body bytes Flood answers have handed to their sockets so far.
    qint64 floodBytesWritten() const { return m_floodWritten; }

    // Event streams still open (Stream answers on connections not closed yet).
    int openStreams() const;
    // Writes bytes to every open stream (as one chunk when the stream is chunked).
    void pushToStreams(const QByteArray &bytes);
    // Closes every open stream's connection, as a server restart or a proxy would.
    void dropStreams();
    // Closes every connection.
    void closeAll();
    // Accepts no new connections (the ones open stay), as a server that went away.
    void stopListening() { m_server.close(); }

Q_SIGNALS:
    void requestReceived(const QByteArray &method, const QByteArray &path);
    void streamOpened();
    // A Stream answer's chunks have all been written.
    void streamChunksSent();

private:
    struct Connection
    {
        QPointer<QTcpSocket> socket;
        QByteArray buffer;
        bool parked = false; // hanging, closing or streaming: further bytes are ignored
        bool streaming = false;
        bool chunked = false;
        qint64 floodLeft = 0; // Flood: filler still to write (-1: without end)
    };

    void onNewConnection();
    void onReadyRead(Connection *connection);
    // The upgrade handler took the connection's socket.
    bool handOverUpgrade(Connection *connection);
    void respond(Connection *connection, const RecordedRequest &request);
    void answer(Connection *connection, const FakeResponse &response);
    void writeStreamChunks(QPointer<QTcpSocket> socket, QList<QByteArray> chunks, int intervalMs,
                           bool close);
    void writeToStream(Connection *connection, const QByteArray &bytes);
    // Keeps a Flood answer's socket fed, a little ahead of the client.
    void topUpFlood(QPointer<QTcpSocket> socket);
    Connection *find(const QTcpSocket *socket);
    FakeResponse pick(const RecordedRequest &request);
    static QByteArray statusLine(int status);

    QTcpServer m_server;
    std::vector<std::unique_ptr<Connection>> m_connections;
    QHash<QByteArray, FakeResponse> m_standing;
    QHash<QByteArray, QList<FakeResponse>> m_queued;
    QList<RecordedRequest> m_requests;
    Handler m_handler;
    UpgradeHandler m_upgradeHandler;
    int m_accepted = 0;
    qint64 m_floodWritten = 0;
};

} // namespace spaces::test
