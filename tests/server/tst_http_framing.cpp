// The transport against hostile and odd clients: bodies never read without a token, strict
// HTTP/1.1 framing, pipelining, deadlines and slow readers, on a real spacesd.
#include "ApiCall.h"
#include "RawHttpConnection.h"
#include "ServerTestHelpers.h"
#include "SpacesdProcess.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int IdleTimeoutMs = 1500;
constexpr int RequestTimeoutMs = 2000;
constexpr int StreamBufferBytes = 16384;
constexpr qint64 MiB = 1024 * 1024;

} // namespace

class HttpFramingTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SpacesdProcess> m_server;
    std::unique_ptr<ApiCall> m_admin;
    QByteArray m_auth;

    QByteArray request(const QByteArray &method, const QByteArray &path,
                       const QByteArray &fields = {}, const QByteArray &body = {}) const
    {
        return method + ' ' + path + " HTTP/1.1\r\nHost: test\r\n" + fields + "\r\n" + body;
    }

    // A refusal that closes: the answer's status, then the server hangs up.
    void expectRefusalAndClose(const QByteArray &bytes, int status)
    {
        RawHttpConnection connection(m_server->url());
        QVERIFY(connection.isOpen());
        QVERIFY(connection.send(bytes));
        const RawHttpConnection::Response response = connection.readResponse();
        QCOMPARE(response.status, status);
        QCOMPARE(response.header("Connection"), QByteArray("close"));
        QVERIFY(connection.waitForClose(5000));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<SpacesdProcess>();
        QString error;
        QVERIFY2(m_server->start(
                     &error, {u"--idle-timeout-ms"_s, QString::number(IdleTimeoutMs),
                              u"--request-timeout-ms"_s, QString::number(RequestTimeoutMs),
                              u"--max-stream-buffer-bytes"_s, QString::number(StreamBufferBytes)}),
                 qPrintable(error));
        m_admin = std::make_unique<ApiCall>(m_server->url(), m_server->token());
        m_auth = "Authorization: Bearer " + m_server->token().toUtf8() + "\r\n";
    }

    void hugeBodyWithoutTokenIsNeverRead()
    {
        const qint64 before = m_server->memoryKiB("VmHWM");
        QVERIFY(before > 0);
        RawHttpConnection connection(m_server->url());
        QVERIFY(connection.send(request("POST", "/api/spaces",
                                        "Content-Type: application/json\r\nContent-Length: " +
                                            QByteArray::number(500 * MiB) + "\r\n")));
        // The answer comes before a byte of the body was sent.
        const RawHttpConnection::Response response = connection.readResponse();
        QCOMPARE(response.status, 401);
        QCOMPARE(response.header("Connection"), QByteArray("close"));
        // And the server hangs up long before 500 MiB went through.
        const QByteArray chunk(int(MiB), 'x');
        qint64 sent = 0;
        while (sent < 500 * MiB && connection.send(chunk, 5000))
            sent += chunk.size();
        QVERIFY2(sent < 100 * MiB, qPrintable(u"sent %1 MiB"_s.arg(sent / MiB)));
        const qint64 after = m_server->memoryKiB("VmHWM");
        qInfo("server peak memory %lld KiB before, %lld KiB after; %lld MiB sent before the close",
              before, after, sent / MiB);
        QVERIFY2(after - before < 16 * 1024,
                 qPrintable(u"peak grew by %1 KiB"_s.arg(after - before)));
        SPACES_COMPARE_STATUS(m_admin->get(u"/api/ping"_s), 200);
    }

    void endlessChunkedBodyWithoutToken()
    {
        RawHttpConnection connection(m_server->url());
        QVERIFY(connection.send(request("POST", "/api/spaces",
                                        "Content-Type: application/json\r\n"
                                        "Transfer-Encoding: chunked\r\n")));
        const RawHttpConnection::Response response = connection.readResponse();
        QCOMPARE(response.status, 401);
        const QByteArray chunk = "100000\r\n" + QByteArray(0x100000, 'x') + "\r\n";
        qint64 sent = 0;
        while (sent < 500 * MiB && connection.send(chunk, 5000))
            sent += chunk.size();
        QVERIFY2(sent < 100 * MiB, qPrintable(u"sent %1 MiB"_s.arg(sent / MiB)));
    }

    void bodyOverLimitRefusedUnread()
    {
        // Only the head is sent: the 413 must not wait for the body.
        RawHttpConnection connection(m_server->url());
        QVERIFY(connection.send(request("POST", "/api/spaces",
                                        m_auth +
                                            "Content-Type: application/json\r\n"
                                            "Content-Length: " +
                                            QByteArray::number(100 * MiB) + "\r\n")));
        const RawHttpConnection::Response response = connection.readResponse();
        QCOMPARE(response.status, 413);
        QCOMPARE(QJsonDocument::fromJson(response.body).object().value(u"error"_s).toString(),
                 u"request body too large: the limit is 8 MiB"_s);
        QVERIFY(connection.waitForClose(5000));
    }

    void framingErrors_data()
    {
        QTest::addColumn<QByteArray>("fields");
        QTest::addColumn<int>("status");
        QByteArray many;
        for (int i = 0; i < 150; ++i)
            many += "X-Field-" + QByteArray::number(i) + ": value\r\n";
        QTest::newRow("too many header fields") << many << 431;
        QTest::newRow("header too long") << "X-Long: " + QByteArray(64 * 1024, 'a') + "\r\n" << 431;
        QTest::newRow("differing Content-Length")
            << QByteArray("Content-Length: 5\r\nContent-Length: 6\r\n") << 400;
        QTest::newRow("Content-Length with Transfer-Encoding")
            << QByteArray("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") << 400;
        QTest::newRow("unknown transfer coding")
            << QByteArray("Transfer-Encoding: xchunked\r\n") << 501;
        QTest::newRow("coding before chunked")
            << QByteArray("Transfer-Encoding: gzip, chunked\r\n") << 501;
    }

    void framingErrors()
    {
        QFETCH(QByteArray, fields);
        QFETCH(int, status);
        expectRefusalAndClose(request("POST", "/api/spaces", m_auth + fields), status);
    }

    void pipelinedAnswersKeepTheirOrder()
    {
        SPACES_COMPARE_STATUS(m_admin->post(u"/api/spaces"_s, spaceRequest(u"pipe-space"_s)), 201);
        SPACES_COMPARE_STATUS(m_admin->post(u"/api/spaces/pipe-space/start"_s), 200);
        const QByteArray slow = R"({"command":"sleep 1; echo first"})";
        RawHttpConnection connection(m_server->url());
        // One write: a slow command, then two quick requests behind it.
        QVERIFY(connection.send(
            request("POST", "/api/spaces/pipe-space/run-command",
                    m_auth + "Content-Type: application/json\r\nContent-Length: " +
                        QByteArray::number(slow.size()) + "\r\n",
                    slow) +
            request("GET", "/api/ping", m_auth) + request("GET", "/api/nothing", m_auth)));
        const RawHttpConnection::Response first = connection.readResponse(20000);
        QCOMPARE(first.status, 200);
        QVERIFY2(first.body.contains("first"), first.body.constData());
        const RawHttpConnection::Response second = connection.readResponse();
        QCOMPARE(second.status, 200);
        QVERIFY2(second.body.contains("\"zone\""), second.body.constData());
        QCOMPARE(connection.readResponse().status, 404);
        SPACES_COMPARE_STATUS(m_admin->post(u"/api/spaces/pipe-space/stop"_s), 200);
    }

    void slowReaderDelaysNoOne()
    {
        SPACES_COMPARE_STATUS(m_admin->post(u"/api/spaces"_s, spaceRequest(u"flood-space"_s)), 201);
        SPACES_COMPARE_STATUS(m_admin->post(u"/api/spaces/flood-space/start"_s), 200);
        {
            // A big answer to a reader with a tiny window that never reads it.
            const QByteArray flood = R"({"command":"head -c 3000000 /dev/zero | tr '\\0' x"})";
            RawHttpConnection reader(m_server->url(), 4096);
            QVERIFY(reader.send(request("POST", "/api/spaces/flood-space/run-command",
                                        m_auth +
                                            "Content-Type: application/json\r\n"
                                            "Content-Length: " +
                                            QByteArray::number(flood.size()) + "\r\n",
                                        flood)));
            for (int i = 0; i < 20; ++i) {
                QElapsedTimer elapsed;
                elapsed.start();
                SPACES_COMPARE_STATUS(m_admin->get(u"/api/spaces"_s), 200);
                QVERIFY2(elapsed.elapsed() < 1000, qPrintable(QString::number(elapsed.elapsed())));
            }
        }
        SPACES_COMPARE_STATUS(m_admin->post(u"/api/spaces/flood-space/stop"_s), 200);
    }

    void expectContinueIsAnswered()
    {
        const QByteArray body = R"({"name":"continue-space","template_id":"blank"})";
        RawHttpConnection connection(m_server->url());
        QVERIFY(connection.send(request("POST", "/api/spaces",
                                        m_auth +
                                            "Content-Type: application/json\r\n"
                                            "Expect: 100-continue\r\nContent-Length: " +
                                            QByteArray::number(body.size()) + "\r\n")));
        QCOMPARE(connection.readResponse().status, 100);
        QVERIFY(connection.send(body));
        QCOMPARE(connection.readResponse().status, 201);
    }

    void connectionCloseIsHonoured()
    {
        RawHttpConnection connection(m_server->url());
        QVERIFY(connection.send(request("GET", "/api/ping", m_auth + "Connection: close\r\n")));
        const RawHttpConnection::Response response = connection.readResponse();
        QCOMPARE(response.status, 200);
        QCOMPARE(response.header("Connection"), QByteArray("close"));
        QVERIFY(connection.waitForClose(3000));
    }

    void idleConnectionIsClosed()
    {
        RawHttpConnection connection(m_server->url());
        QVERIFY(connection.send(request("GET", "/api/ping", m_auth)));
        QCOMPARE(connection.readResponse().status, 200);
        QElapsedTimer idle;
        idle.start();
        QVERIFY(connection.waitForClose(IdleTimeoutMs + 5000));
        QVERIFY2(idle.elapsed() >= IdleTimeoutMs - 200,
                 qPrintable(QString::number(idle.elapsed())));
    }

    void slowRequestIsCutOff()
    {
        // A byte every 100 ms keeps the connection busy but never finishes the head.
        RawHttpConnection connection(m_server->url());
        QElapsedTimer elapsed;
        elapsed.start();
        QVERIFY(connection.send("GET /api/ping HTTP/1.1\r\nHost: test\r\n"));
        bool closed = false;
        while (!closed && elapsed.elapsed() < RequestTimeoutMs + 5000) {
            closed = !connection.send("X") || connection.waitForClose(100);
        }
        QVERIFY(closed);
        QVERIFY2(elapsed.elapsed() >= RequestTimeoutMs - 200,
                 qPrintable(QString::number(elapsed.elapsed())));
    }

    void slowEventReaderIsDropped()
    {
        SPACES_COMPARE_STATUS(m_admin->post(u"/api/spaces"_s, spaceRequest(u"event-space"_s)), 201);
        // A reader with a tiny window that never reads.
        RawHttpConnection reader(m_server->url(), 4096);
        QVERIFY(reader.send(request("GET", "/api/events", m_auth)));
        // Enough events to fill the socket buffers and the server's stream buffer many times.
        for (int i = 0; i < 2500; ++i) {
            const ApiReply reply = m_admin->put(u"/api/spaces/event-space"_s,
                                                {{u"description"_s, u"update %1"_s.arg(i)}});
            QCOMPARE(reply.status, 200);
        }
        // Reading now: a dropped reader reaches the end; a kept one would get keep-alives.
        qint64 bytes = 0;
        QVERIFY(reader.waitForClose(8000, &bytes));
        QVERIFY2(bytes < 2500 * 100, qPrintable(QString::number(bytes)));
        SPACES_COMPARE_STATUS(m_admin->get(u"/api/ping"_s), 200);
    }

    void webSocketUpgradeRefusedPlainly_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<bool>("withToken");
        QTest::addColumn<int>("status");
        QTest::newRow("no token") << QByteArray("/api/events") << false << 401;
        QTest::newRow("no such stream")
            << QByteArray("/proxy/spaces/nothing/terminal/bash") << true << 404;
    }

    void webSocketUpgradeRefusedPlainly()
    {
        QFETCH(QByteArray, path);
        QFETCH(bool, withToken);
        QFETCH(int, status);
        RawHttpConnection connection(m_server->url());
        QVERIFY(connection.send(request("GET", path,
                                        (withToken ? m_auth : QByteArray()) +
                                            "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                                            "Sec-WebSocket-Version: 13\r\n"
                                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")));
        const RawHttpConnection::Response response = connection.readResponse();
        QCOMPARE(response.status, status);
        QVERIFY(response.header("Upgrade").isEmpty());
        QVERIFY(!QJsonDocument::fromJson(response.body)
                     .object()
                     .value(u"error"_s)
                     .toString()
                     .isEmpty());
    }
};

QTEST_GUILESS_MAIN(HttpFramingTest)
#include "tst_http_framing.moc"
