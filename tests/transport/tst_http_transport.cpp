// The transport on its own, with routes of the test's: a WebSocket is accepted only by a route
// after its checks, refusals are plain HTTP, and the accepted socket carries messages both ways.
#include "HttpHandler.h"
#include "HttpServer.h"
#include "SelfSignedCertificate.h"
#include "WebSocketHandler.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <mutex>
#include <thread>
#include <vector>

using namespace spaces;
using namespace Qt::StringLiterals;
namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

class EchoSocket final : public WebSocketHandler
{
public:
    void opened(std::shared_ptr<WebSocketChannel> channel) override { m_channel = channel; }
    void received(const QByteArray &message, bool binary) override
    {
        m_channel->send("echo: " + message, binary);
    }
    void closed() override { m_channel.reset(); }

private:
    std::shared_ptr<WebSocketChannel> m_channel;
};

// /ws/echo needs "Bearer good" (checked before anything else) and then, as a permission
// check a route makes, "X-Allowed: yes".
class TestRoutes final : public HttpHandler
{
public:
    std::optional<HttpResponse> admit(const HttpRequest &head) override
    {
        if (head.path != u"/ws/echo"_s)
            return HttpResponse::error(404, u"no such route"_s);
        if (head.header("Authorization") != "Bearer good")
            return HttpResponse::error(401, u"Authentication token is not valid"_s);
        return std::nullopt;
    }
    void handle(const HttpRequest &request, HttpResponder responder) override
    {
        if (request.header("X-Allowed") != "yes")
            return responder.send(HttpResponse::error(403, u"not allowed"_s));
        if (!request.webSocketUpgrade)
            return responder.send(HttpResponse::error(400, u"WebSocket only"_s));
        responder.acceptWebSocket(std::make_shared<EchoSocket>());
    }
};

struct ClientResult
{
    std::mutex mutex;
    bool done = false;
    int status = 0; // of a refused upgrade
    std::string echo;
    std::string error;
    bool upgraded = false; // a refusal must not switch protocols
};

// Upgrades, sends `message`, reads the echo and closes; the outcome goes to `result`.
template<typename WebSocket>
void echoOver(WebSocket &ws, const std::string &token, const std::string &allowed,
              const std::string &message, ClientResult *result)
{
    std::string echo;
    std::string error;
    try {
        ws.set_option(
            beast::websocket::stream_base::decorator([&](beast::websocket::request_type &request) {
                if (!token.empty())
                    request.set(beast::http::field::authorization, "Bearer " + token);
                request.set("X-Allowed", allowed);
            }));
        ws.handshake("127.0.0.1", "/ws/echo");
        ws.write(asio::buffer(message));
        beast::flat_buffer buffer;
        ws.read(buffer);
        echo = beast::buffers_to_string(buffer.data());
        ws.close(beast::websocket::close_code::normal);
    } catch (const std::exception &exception) {
        error = exception.what();
    }
    const std::lock_guard lock(result->mutex);
    result->echo = echo;
    result->error = error;
    result->done = true;
}

void runClient(quint16 port, std::string token, std::string allowed, ClientResult *result)
{
    asio::io_context io;
    beast::websocket::stream<asio::ip::tcp::socket> ws(io);
    try {
        beast::get_lowest_layer(ws).connect({asio::ip::make_address("127.0.0.1"), port});
    } catch (const std::exception &exception) {
        const std::lock_guard lock(result->mutex);
        result->error = exception.what();
        result->done = true;
        return;
    }
    echoOver(ws, token, allowed, "hello", result);
}

// The same over TLS (WSS), trusting any certificate: the test made its own.
void runTlsClient(quint16 port, std::string token, std::string allowed, ClientResult *result)
{
    asio::io_context io;
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.set_verify_mode(asio::ssl::verify_none);
    beast::websocket::stream<asio::ssl::stream<asio::ip::tcp::socket>> ws(io, tls);
    try {
        beast::get_lowest_layer(ws).connect({asio::ip::make_address("127.0.0.1"), port});
        ws.next_layer().handshake(asio::ssl::stream_base::client);
    } catch (const std::exception &exception) {
        const std::lock_guard lock(result->mutex);
        result->error = exception.what();
        result->done = true;
        return;
    }
    echoOver(ws, token, allowed, "over tls", result);
}

// Connects over TLS and sends one plain request right after the handshake, as curl and
// Python do (it often reaches the server in one read with the client's Finished), then reads
// the answer.
// Empty when the answer came within 5 s; else what happened.
std::string requestRightAfterHandshake(quint16 port)
{
    asio::io_context io;
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.set_verify_mode(asio::ssl::verify_none);
    asio::ssl::stream<asio::ip::tcp::socket> stream(io, tls);
    beast::flat_buffer buffer;
    beast::http::response<beast::http::string_body> response;
    const std::string request = "GET /ws/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                "Authorization: Bearer good\r\nConnection: close\r\n\r\n";
    std::string problem = "no answer within 5 s";
    const auto fail = [&](const char *step, const boost::system::error_code &error) {
        problem = std::string(step) + ": " + error.message();
    };
    stream.lowest_layer().async_connect(
        {asio::ip::make_address("127.0.0.1"), port}, [&](const boost::system::error_code &error) {
            if (error)
                return fail("connect", error);
            // Without Nagle's delay, as curl and Python's http.client send: the request leaves
            // right behind the Finished instead of waiting for its acknowledgement.
            boost::system::error_code ignored;
            stream.lowest_layer().set_option(asio::ip::tcp::no_delay(true), ignored);
            stream.async_handshake(asio::ssl::stream_base::client, [&](const auto &shaken) {
                if (shaken)
                    return fail("handshake", shaken);
                asio::async_write(stream, asio::buffer(request), [&](const auto &written, auto) {
                    if (written)
                        return fail("write", written);
                    beast::http::async_read(stream, buffer, response, [&](const auto &read, auto) {
                        if (read)
                            return fail("read", read);
                        problem = response.result_int() == 403
                                      ? std::string()
                                      : "status " + std::to_string(response.result_int());
                    });
                });
            });
        });
    io.run_for(std::chrono::seconds(5));
    return problem;
}

// The upgrade request as plain HTTP, to read the refusal itself.
void runRefusedClient(quint16 port, std::string token, std::string allowed, ClientResult *result)
{
    int status = 0;
    bool upgraded = false;
    std::string error;
    try {
        asio::io_context io;
        asio::ip::tcp::socket socket(io);
        socket.connect({asio::ip::make_address("127.0.0.1"), port});
        beast::http::request<beast::http::empty_body> request(beast::http::verb::get, "/ws/echo",
                                                              11);
        request.set(beast::http::field::host, "127.0.0.1");
        request.set(beast::http::field::connection, "Upgrade");
        request.set(beast::http::field::upgrade, "websocket");
        request.set(beast::http::field::sec_websocket_version, "13");
        request.set(beast::http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
        if (!token.empty())
            request.set(beast::http::field::authorization, "Bearer " + token);
        request.set("X-Allowed", allowed);
        beast::http::write(socket, request);
        beast::flat_buffer buffer;
        beast::http::response<beast::http::string_body> response;
        beast::http::read(socket, buffer, response);
        status = int(response.result_int());
        upgraded = response.count(beast::http::field::upgrade) > 0;
    } catch (const std::exception &exception) {
        error = exception.what();
    }
    const std::lock_guard lock(result->mutex);
    result->status = status;
    result->upgraded = upgraded;
    result->error = error;
    result->done = true;
}

} // namespace

class HttpTransportTest final : public QObject
{
    Q_OBJECT

private:
    QObject m_context;
    TestRoutes m_routes;
    std::unique_ptr<HttpServer> m_server;
    quint16 m_port = 0;

    template<typename Client>
    void connectAndWait(Client client, const std::string &token, const std::string &allowed,
                        ClientResult &result)
    {
        std::thread thread(client, m_port, token, allowed, &result);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const std::lock_guard lock(result.mutex);
                return result.done;
            }(),
            10000);
        thread.join();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<HttpServer>(HttpLimits{}, m_routes, m_context);
        const Expected<quint16> port = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY2(port, qPrintable(port.error().message));
        m_port = *port;
    }

    void upgradeAfterEveryCheck()
    {
        ClientResult result;
        connectAndWait(runClient, "good", "yes", result);
        QVERIFY2(result.error.empty(), result.error.c_str());
        QCOMPARE(QByteArray::fromStdString(result.echo), QByteArray("echo: hello"));
    }

    void refusalsArePlainHttp_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QByteArray>("allowed");
        QTest::addColumn<int>("status");
        QTest::newRow("no token") << QByteArray() << QByteArray("yes") << 401;
        QTest::newRow("wrong token") << QByteArray("bad") << QByteArray("yes") << 401;
        QTest::newRow("no permission") << QByteArray("good") << QByteArray("no") << 403;
    }

    void refusalsArePlainHttp()
    {
        QFETCH(QByteArray, token);
        QFETCH(QByteArray, allowed);
        QFETCH(int, status);
        ClientResult result;
        connectAndWait(runRefusedClient, token.toStdString(), allowed.toStdString(), result);
        QVERIFY2(result.error.empty(), result.error.c_str());
        QCOMPARE(result.status, status);
        QVERIFY(!result.upgraded);
    }

    void webSocketOverTls()
    {
        test::SelfSignedCertificate tls;
        QString error;
        QVERIFY2(tls.create(&error), qPrintable(error));
        const QString certificate = tls.certificateFile();
        const QString key = tls.keyFile();
        HttpServer server(HttpLimits{}, m_routes, m_context);
        const HttpServer::TlsFiles files{certificate, key};
        const Expected<quint16> port = server.listen(QHostAddress::LocalHost, 0, &files);
        QVERIFY2(port, qPrintable(port.error().message));
        ClientResult result;
        std::thread thread(runTlsClient, *port, std::string("good"), std::string("yes"), &result);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const std::lock_guard lock(result.mutex);
                return result.done;
            }(),
            10000);
        thread.join();
        QVERIFY2(result.error.empty(), result.error.c_str());
        QCOMPARE(QByteArray::fromStdString(result.echo), QByteArray("echo: over tls"));
    }

    // A request that arrives with the handshake's last flight sits in the TLS engine, not in
    // the socket: it is answered all the same, every time.
    void requestSentRightAfterTheTlsHandshakeIsAnswered()
    {
        test::SelfSignedCertificate tls;
        QString error;
        QVERIFY2(tls.create(&error), qPrintable(error));
        const QString certificate = tls.certificateFile();
        const QString key = tls.keyFile();
        HttpServer server(HttpLimits{}, m_routes, m_context);
        const HttpServer::TlsFiles files{certificate, key};
        const Expected<quint16> port = server.listen(QHostAddress::LocalHost, 0, &files);
        QVERIFY2(port, qPrintable(port.error().message));
        constexpr int Attempts = 20;
        std::mutex mutex;
        std::vector<std::string> problems;
        bool done = false;
        std::thread thread([&, port = *port] {
            for (int i = 0; i < Attempts; ++i) {
                std::string problem = requestRightAfterHandshake(port);
                const std::lock_guard lock(mutex);
                problems.push_back(std::move(problem));
            }
            const std::lock_guard lock(mutex);
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const std::lock_guard lock(mutex);
                return done;
            }(),
            Attempts * 6000);
        thread.join();
        for (int i = 0; i < Attempts; ++i)
            QVERIFY2(problems[std::size_t(i)].empty(),
                     qPrintable(u"attempt %1: %2"_s.arg(i).arg(
                         QString::fromStdString(problems[std::size_t(i)]))));
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_GUILESS_MAIN(HttpTransportTest)
#include "tst_http_transport.moc"
