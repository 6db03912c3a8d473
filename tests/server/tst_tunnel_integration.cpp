// The port tunnel (GET /proxy/spaces/{space}/port/{port}) against a real spacesd with a real
// sandboxed space serving a web page and a TCP echo: every refusal is plain HTTP before the
// upgrade (a port nobody listens on included); an HTTP request goes through both ways and the
// server's end of the TCP connection closes the socket; 10 MiB each way arrive intact;
// closing the socket closes the TCP connection inside the space; an upload to a port that reads
// slowly arrives whole.
#include "RawHttpConnection.h"
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"
#include "TunnelSpace.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

// One tunnel as a test sees it: a QWebSocket that keeps every byte it got.
class Tunnel final : public QObject
{
public:
    Tunnel(const TestServer &server, const QString &space, quint16 port)
    {
        QUrl url = server.process.url();
        url.setScheme(u"ws"_s);
        url.setPath(u"/proxy/spaces/%1/port/%2"_s.arg(space).arg(port));
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + server.process.token().toUtf8());
        connect(&socket, &QWebSocket::binaryMessageReceived, this,
                [this](const QByteArray &bytes) { received += bytes; });
        connect(&socket, &QWebSocket::disconnected, this, [this] { ended = true; });
        socket.open(request);
    }
    bool waitConnected()
    {
        (void)QTest::qWaitFor(
            [this] { return socket.state() == QAbstractSocket::ConnectedState || ended; }, 10000);
        return socket.state() == QAbstractSocket::ConnectedState;
    }

    QWebSocket socket;
    QByteArray received;
    bool ended = false;
};

} // namespace

class TunnelIntegrationTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
        QVERIFY2(m_space.start(m_server, u"web"_s, &error), qPrintable(error));
        QVERIFY(!m_server.createSpace(u"idle"_s, u"blank"_s).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(m_space.isListening(), 20000);
    }

    void refusalsArePlainHttpBeforeTheUpgrade_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("withToken");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("sentence");
        const QString port = QString::number(m_space.webPort());
        QTest::newRow("no token") << u"/proxy/spaces/web/port/"_s + port << false << 401 << u""_s;
        QTest::newRow("unknown space")
            << u"/proxy/spaces/nosuch/port/"_s + port << true << 404 << u"not found"_s;
        QTest::newRow("stopped space")
            << u"/proxy/spaces/idle/port/"_s + port << true << 409 << u"Space is not running"_s;
        QTest::newRow("port 0") << u"/proxy/spaces/web/port/0"_s << true << 400
                                << u"Invalid remote port '0'"_s;
        QTest::newRow("port 70000")
            << u"/proxy/spaces/web/port/70000"_s << true << 400 << u"Invalid remote port '70000'"_s;
        QTest::newRow("port abc") << u"/proxy/spaces/web/port/abc"_s << true << 400
                                  << u"Invalid remote port 'abc'"_s;
        const quint16 nobody = freeTcpPort();
        QTest::newRow("nothing listens")
            << u"/proxy/spaces/web/port/%1"_s.arg(nobody) << true << 502
            << u"connection refused on port %1: nothing listens there in space web"_s.arg(nobody);
    }
    void refusalsArePlainHttpBeforeTheUpgrade()
    {
        QFETCH(QString, path);
        QFETCH(bool, withToken);
        QFETCH(int, status);
        QFETCH(QString, sentence);
        const QString problem = RawHttpConnection::refusedUpgrade(
            m_server.process.url(), path, withToken ? m_server.process.token() : QString(), status,
            sentence);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void httpRequestGoesThroughBothWays_data()
    {
        QTest::addColumn<bool>("byId");
        QTest::newRow("by name") << false;
        QTest::newRow("by id") << true;
    }
    void httpRequestGoesThroughBothWays()
    {
        QFETCH(bool, byId);
        Tunnel tunnel(m_server, byId ? m_space.id() : u"web"_s, m_space.webPort());
        QVERIFY2(tunnel.waitConnected(), qPrintable(tunnel.socket.errorString()));
        tunnel.socket.sendBinaryMessage("GET /index.html HTTP/1.0\r\nHost: web\r\n\r\n");
        // http.server answers HTTP/1.0 and closes: the TCP end closes the socket.
        QTRY_VERIFY_WITH_TIMEOUT(tunnel.ended, 10000);
        QVERIFY2(tunnel.received.startsWith("HTTP/1.0 200"), tunnel.received.left(200).constData());
        QVERIFY(tunnel.received.endsWith("<h1>Hello through the tunnel</h1>\n"));
        QCOMPARE(int(tunnel.socket.closeCode()), 1000);
        QCOMPARE(tunnel.socket.closeReason(),
                 u"port %1 closed the connection"_s.arg(m_space.webPort()));
    }

    void tenMebibytesRoundTripIntact()
    {
        const QByteArray payload = patternPayload(10 * 1024 * 1024, 11);
        Tunnel tunnel(m_server, u"web"_s, m_space.echoPort());
        QVERIFY2(tunnel.waitConnected(), qPrintable(tunnel.socket.errorString()));
        ++m_echoTunnels;
        constexpr qsizetype Chunk = 48 * 1024; // frames need not match TCP reads
        for (qsizetype at = 0; at < payload.size(); at += Chunk)
            tunnel.socket.sendBinaryMessage(payload.mid(at, Chunk));
        QTRY_VERIFY_WITH_TIMEOUT(tunnel.received.size() >= payload.size() || tunnel.ended, 60000);
        QCOMPARE(tunnel.received.size(), payload.size());
        QVERIFY(tunnel.received == payload);
    }

    void uploadToASlowReaderArrivesWhole()
    {
        // The space shares this computer's network, so a listener of the test's own is one of
        // its ports. It reads at most 64 KiB every 5 ms: slower than the client writes, so
        // spacesd stops reading the socket again and again while the port catches up, and
        // the tunnel must live through every pause with no write of its own in flight.
        QTcpServer sink;
        QVERIFY(sink.listen(QHostAddress::LocalHost));
        QByteArray arrived;
        QTcpSocket *connection = nullptr;
        QTimer reader;
        reader.setInterval(5);
        connect(&reader, &QTimer::timeout, &sink, [&] {
            if (connection)
                arrived += connection->read(64 * 1024);
        });
        connect(&sink, &QTcpServer::newConnection, &sink, [&] {
            connection = sink.nextPendingConnection();
            connection->setReadBufferSize(64 * 1024); // the kernel's buffers fill, not ours
            reader.start();
        });
        const QByteArray payload = patternPayload(8 * 1024 * 1024, 13);
        Tunnel tunnel(m_server, u"web"_s, sink.serverPort());
        QVERIFY2(tunnel.waitConnected(), qPrintable(tunnel.socket.errorString()));
        constexpr qsizetype Chunk = 256 * 1024;
        for (qsizetype at = 0; at < payload.size(); at += Chunk)
            tunnel.socket.sendBinaryMessage(payload.mid(at, Chunk));
        QTRY_VERIFY_WITH_TIMEOUT(arrived.size() >= payload.size() || tunnel.ended, 60000);
        QVERIFY2(!tunnel.ended, "the tunnel closed while the port was slow");
        QCOMPARE(arrived.size(), payload.size());
        QVERIFY(arrived == payload);
    }

    void closingTheSocketClosesTheConnectionInside()
    {
        // Earlier tests' connections to the echo end on their own time: wait for their lines.
        QTRY_COMPARE_WITH_TIMEOUT(m_space.closedEchoConnections(), m_echoTunnels, 10000);
        const int before = m_space.closedEchoConnections();
        Tunnel tunnel(m_server, u"web"_s, m_space.echoPort());
        QVERIFY2(tunnel.waitConnected(), qPrintable(tunnel.socket.errorString()));
        tunnel.socket.sendBinaryMessage("ping-42");
        QTRY_COMPARE(tunnel.received, QByteArray("ping-42"));
        QCOMPARE(m_space.closedEchoConnections(), before);
        tunnel.socket.close();
        QTRY_COMPARE_WITH_TIMEOUT(m_space.closedEchoConnections(), before + 1, 10000);
    }

private:
    TestServer m_server;
    TunnelSpace m_space;
    int m_echoTunnels = 0; // connections made to the echo so far
};

QTEST_GUILESS_MAIN(TunnelIntegrationTest)
#include "tst_tunnel_integration.moc"
