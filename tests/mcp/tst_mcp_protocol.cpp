// The edges of spacesd's MCP transport on a real server, byte for byte: sessions required and
// checked, version negotiation and its header, JSON-RPC errors, notifications answered 202,
// batches only where the negotiated revision has them, the Origin check and the 401.
#include "RawHttpConnection.h"
#include "ServerTestHelpers.h"
#include "SpacesdProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

class McpProtocolTest final : public QObject
{
    Q_OBJECT

private:
    ApiFixture m_api;
    QString m_plainToken;

    struct Exchange
    {
        RawHttpConnection::Response response;
        QJsonDocument json;
        int errorCode() const
        {
            return json.object().value("error"_L1).toObject().value("code"_L1).toInt();
        }
        QString errorMessage() const
        {
            return json.object().value("error"_L1).toObject().value("message"_L1).toString();
        }
        QJsonObject result() const { return json.object().value("result"_L1).toObject(); }
    };

    // One request on its own connection; `fields` are extra header lines ("Name: value").
    Exchange send(const QByteArray &method, const QByteArray &body,
                  const QList<QByteArray> &fields = {}, const QString &token = {}) const
    {
        QByteArray head = method + " /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        const QString bearer = token.isNull() ? m_api.server->token() : token;
        if (!bearer.isEmpty())
            head += "Authorization: Bearer " + bearer.toUtf8() + "\r\n";
        bool typed = false;
        for (const QByteArray &field : fields) {
            head += field + "\r\n";
            typed = typed || field.toLower().startsWith("content-type:");
        }
        if (!body.isEmpty() && !typed)
            head += "Content-Type: application/json\r\n";
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
        RawHttpConnection connection(m_api.server->url());
        Exchange exchange;
        if (!connection.send(head + body))
            return exchange;
        exchange.response = connection.readResponse(30000);
        exchange.json = QJsonDocument::fromJson(exchange.response.body);
        return exchange;
    }

    static QByteArray request(int id, const char *method, const QJsonObject &params = {})
    {
        return QJsonDocument(QJsonObject{{u"jsonrpc"_s, u"2.0"_s},
                                         {u"id"_s, id},
                                         {u"method"_s, QLatin1StringView(method)},
                                         {u"params"_s, params}})
            .toJson(QJsonDocument::Compact);
    }

    static QByteArray initializeRequest(const QString &version)
    {
        return request(
            1, "initialize",
            {{u"protocolVersion"_s, version},
             {u"capabilities"_s, QJsonObject{}},
             {u"clientInfo"_s, QJsonObject{{u"name"_s, u"tst"_s}, {u"version"_s, u"1"_s}}}});
    }

    // A new session speaking `version`: its id.
    QByteArray openSession(const QString &version = u"2025-06-18"_s,
                           const QString &token = {}) const
    {
        const Exchange opened = send("POST", initializeRequest(version), {}, token);
        return opened.response.header("Mcp-Session-Id");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_api.start(&error), qPrintable(error));
        m_plainToken = addUser(*m_api.server, u"mcp-plain"_s, {}, &error);
        QVERIFY2(!m_plainToken.isEmpty(), qPrintable(error));
    }

    void cleanupTestCase() { QCOMPARE(m_api.stop(), 0); }

    void negotiatesTheVersion_data()
    {
        QTest::addColumn<QString>("requested");
        QTest::addColumn<QString>("answered");
        QTest::newRow("2024-11-05") << u"2024-11-05"_s << u"2024-11-05"_s;
        QTest::newRow("2025-03-26") << u"2025-03-26"_s << u"2025-03-26"_s;
        QTest::newRow("2025-06-18") << u"2025-06-18"_s << u"2025-06-18"_s;
        QTest::newRow("newer: our latest") << u"2099-01-01"_s << u"2025-06-18"_s;
    }

    void negotiatesTheVersion()
    {
        QFETCH(QString, requested);
        QFETCH(QString, answered);
        const Exchange opened = send("POST", initializeRequest(requested));
        QCOMPARE(opened.response.status, 200);
        QVERIFY(opened.response.header("Content-Type").startsWith("application/json"));
        QCOMPARE(opened.json.object().value("id"_L1).toInt(), 1);
        QCOMPARE(opened.result().value("protocolVersion"_L1).toString(), answered);
        QCOMPARE(opened.result().value("serverInfo"_L1).toObject().value("name"_L1).toString(),
                 u"spacesd"_s);
        QVERIFY(opened.result().value("capabilities"_L1).toObject().contains("tools"_L1));
        const QByteArray session = opened.response.header("Mcp-Session-Id");
        QCOMPARE(session.size(), 32);
        QVERIFY(session != openSession()); // each initialize opens a session of its own
    }

    void initializeWithoutVersionIsInvalidParams()
    {
        const Exchange answer = send("POST", request(7, "initialize"));
        QCOMPARE(answer.response.status, 200);
        QCOMPARE(answer.errorCode(), -32602);
        QVERIFY(answer.response.header("Mcp-Session-Id").isEmpty());
    }

    void sessionIsRequired()
    {
        const Exchange without = send("POST", request(2, "tools/list"));
        QCOMPARE(without.response.status, 400);
        QVERIFY2(without.errorMessage().contains("Mcp-Session-Id"_L1),
                 qPrintable(without.errorMessage()));
        const Exchange unknown =
            send("POST", request(2, "tools/list"), {"Mcp-Session-Id: 0123456789abcdef"});
        QCOMPARE(unknown.response.status, 404);
        QCOMPARE(unknown.errorCode(), -32001);
    }

    void sessionBelongsToItsUser()
    {
        const QByteArray adminSession = openSession();
        const Exchange stranger =
            send("POST", request(3, "ping"), {"Mcp-Session-Id: " + adminSession}, m_plainToken);
        QCOMPARE(stranger.response.status, 404);
        const Exchange owner =
            send("POST", request(3, "ping"), {"Mcp-Session-Id: " + adminSession});
        QCOMPARE(owner.response.status, 200);
        QCOMPARE(owner.result(), QJsonObject());
        QCOMPARE(owner.json.object().value("id"_L1).toInt(), 3);
    }

    void badJsonIsParseError()
    {
        const QByteArray session = openSession();
        const Exchange answer =
            send("POST", "{\"jsonrpc\":\"2.0\",", {"Mcp-Session-Id: " + session});
        QCOMPARE(answer.response.status, 400);
        QCOMPARE(answer.errorCode(), -32700);
        QVERIFY(answer.json.object().value("id"_L1).isNull());
    }

    void invalidRequest()
    {
        const QByteArray session = openSession();
        const Exchange noVersion =
            send("POST", R"({"id":4,"method":"ping"})", {"Mcp-Session-Id: " + session});
        QCOMPARE(noVersion.response.status, 400);
        QCOMPARE(noVersion.errorCode(), -32600);
        const Exchange number = send("POST", "42", {"Mcp-Session-Id: " + session});
        QCOMPARE(number.response.status, 400);
        QCOMPARE(number.errorCode(), -32600);
    }

    void unknownMethod()
    {
        const QByteArray session = openSession();
        const Exchange answer =
            send("POST", request(5, "resources/list"), {"Mcp-Session-Id: " + session});
        QCOMPARE(answer.response.status, 200);
        QCOMPARE(answer.errorCode(), -32601);
        QCOMPARE(answer.json.object().value("id"_L1).toInt(), 5);
    }

    void badToolCallsAreInvalidParams()
    {
        const QByteArray session = openSession();
        const Exchange unknown =
            send("POST", request(6, "tools/call", {{u"name"_s, u"no_such_tool"_s}}),
                 {"Mcp-Session-Id: " + session});
        QCOMPARE(unknown.errorCode(), -32602);
        QCOMPARE(unknown.errorMessage(), u"Unknown tool: no_such_tool"_s);
        const Exchange nameless =
            send("POST", request(6, "tools/call"), {"Mcp-Session-Id: " + session});
        QCOMPARE(nameless.errorCode(), -32602);
        const Exchange badArguments = send(
            "POST", request(6, "tools/call", {{u"name"_s, u"get_space"_s}, {u"arguments"_s, 3}}),
            {"Mcp-Session-Id: " + session});
        QCOMPARE(badArguments.errorCode(), -32602);
    }

    void toolFailureIsAResult()
    {
        const QByteArray session = openSession();
        const Exchange answer =
            send("POST",
                 request(8, "tools/call",
                         {{u"name"_s, u"get_space"_s},
                          {u"arguments"_s, QJsonObject{{u"name"_s, u"nowhere"_s}}}}),
                 {"Mcp-Session-Id: " + session});
        QCOMPARE(answer.response.status, 200);
        QCOMPARE(answer.result().value("isError"_L1).toBool(), true);
        QCOMPARE(answer.result().value("content"_L1)[0].toObject().value("text"_L1).toString(),
                 u"space not found"_s);
    }

    void notificationsAndResponsesAre202()
    {
        const QByteArray session = openSession();
        for (const QByteArray &body :
             {QByteArray(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"),
              QByteArray(R"({"jsonrpc":"2.0","id":"s1","result":{}})")}) {
            const Exchange answer = send("POST", body, {"Mcp-Session-Id: " + session});
            QCOMPARE(answer.response.status, 202);
            QVERIFY(answer.response.body.isEmpty());
        }
    }

    void batchesOnlyWhereTheVersionHasThem()
    {
        const QByteArray batch = "[" + request(10, "ping") + "," +
                                 R"({"jsonrpc":"2.0","method":"notifications/initialized"},)" +
                                 request(11, "tools/list") + "," + R"({"id":12})" + "]";
        const QByteArray older = openSession(u"2025-03-26"_s);
        const Exchange answered = send("POST", batch, {"Mcp-Session-Id: " + older});
        QCOMPARE(answered.response.status, 200);
        QVERIFY(answered.json.isArray());
        const QJsonArray answers = answered.json.array();
        QCOMPARE(answers.size(), 3); // the notification is not answered
        QCOMPARE(answers[0].toObject().value("id"_L1).toInt(), 10);
        QCOMPARE(answers[1].toObject().value("id"_L1).toInt(), 11);
        QCOMPARE(answers[1].toObject().value("result"_L1)["tools"_L1].toArray().size(), 17);
        QCOMPARE(answers[2].toObject().value("error"_L1)["code"_L1].toInt(), -32600);

        const QByteArray newer = openSession(u"2025-06-18"_s);
        const Exchange refused = send("POST", batch, {"Mcp-Session-Id: " + newer});
        QCOMPARE(refused.response.status, 400);
        QCOMPARE(refused.errorCode(), -32600);
        QVERIFY2(refused.errorMessage().contains("2025-06-18"_L1),
                 qPrintable(refused.errorMessage()));
    }

    void protocolVersionHeaderIsChecked()
    {
        const QByteArray session = openSession(u"2025-06-18"_s);
        const Exchange matching =
            send("POST", request(13, "ping"),
                 {"Mcp-Session-Id: " + session, "MCP-Protocol-Version: 2025-06-18"});
        QCOMPARE(matching.response.status, 200);
        const Exchange unsupported =
            send("POST", request(13, "ping"),
                 {"Mcp-Session-Id: " + session, "MCP-Protocol-Version: 1900-01-01"});
        QCOMPARE(unsupported.response.status, 400);
        const Exchange other =
            send("POST", request(13, "ping"),
                 {"Mcp-Session-Id: " + session, "MCP-Protocol-Version: 2025-03-26"});
        QCOMPARE(other.response.status, 400);
    }

    void originIsChecked_data()
    {
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<int>("status");
        QTest::newRow("another site") << QByteArray("http://attacker.example") << 403;
        QTest::newRow("rebound name") << QByteArray("http://127.0.0.1.nip.io:8080") << 403;
        QTest::newRow("null") << QByteArray("null") << 403;
        QTest::newRow("localhost") << QByteArray("http://localhost:3000") << 200;
        QTest::newRow("loopback v4") << QByteArray("http://127.0.0.1:5173") << 200;
        QTest::newRow("loopback v6") << QByteArray("http://[::1]:8080") << 200;
    }

    void originIsChecked()
    {
        QFETCH(QByteArray, origin);
        QFETCH(int, status);
        const Exchange answer =
            send("POST", initializeRequest(u"2025-06-18"_s), {"Origin: " + origin});
        QCOMPARE(answer.response.status, status);
        if (status == 403)
            QVERIFY2(answer.errorMessage().contains(QString::fromLatin1(origin)),
                     qPrintable(answer.errorMessage()));
    }

    void tokenIsRequired()
    {
        for (const QString &token : {u""_s, u"not-a-token"_s}) {
            const Exchange answer = send("POST", initializeRequest(u"2025-06-18"_s), {}, token);
            QCOMPARE(answer.response.status, 401);
            QVERIFY(answer.response.header("WWW-Authenticate").startsWith("Bearer"));
            QCOMPARE(answer.errorMessage(), u"Authentication token is not valid"_s);
        }
    }

    void deleteEndsTheSession()
    {
        const QByteArray session = openSession();
        QCOMPARE(send("DELETE", {}, {"Mcp-Session-Id: " + session}).response.status, 200);
        QCOMPARE(send("POST", request(14, "ping"), {"Mcp-Session-Id: " + session}).response.status,
                 404);
        QCOMPARE(send("DELETE", {}, {"Mcp-Session-Id: " + session}).response.status, 404);
        QCOMPARE(send("DELETE", {}).response.status, 400);
    }

    void getOpensNoStream()
    {
        const Exchange answer = send("GET", {}, {"Accept: text/event-stream"});
        QCOMPARE(answer.response.status, 405);
        QVERIFY(answer.response.header("Allow").contains("POST"));
    }

    void mediaTypes()
    {
        const Exchange text =
            send("POST", initializeRequest(u"2025-06-18"_s), {"Content-Type: text/plain"});
        QCOMPARE(text.response.status, 415);
        const Exchange notJson =
            send("POST", initializeRequest(u"2025-06-18"_s), {"Accept: text/event-stream"});
        QCOMPARE(notJson.response.status, 406);
    }
};

QTEST_GUILESS_MAIN(McpProtocolTest)
#include "tst_mcp_protocol.moc"
