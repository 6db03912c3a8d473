// A space's service log through spacesd: the plain-text tail for scripts and the WebSocket
// stream (history, a 0x00 frame, live lines) with every check made before the upgrade.
#include "ServerTestHelpers.h"
#include "SpaceTestKit.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int SlowMs = 20000;

// 1,500 numbered lines, then a line for each "go" file the test drops into the home.
QJsonObject chattyTemplate()
{
    return {{u"name"_s, u"chatty"_s},
            {u"startup_command"_s,
             u"seq 1 1500; while :; do if [ -f go ]; then echo \"live-$(cat go)\"; rm go; fi; "
             "sleep 0.05; done"_s}};
}

// Reads a log stream the way a client does: text frames, the 0x00 frame between history
// and live lines.
class StreamReader final
{
public:
    StreamReader(const SpacesdProcess &server, const QString &space, const QString &token)
    {
        QUrl url = server.url();
        url.setScheme(u"ws"_s);
        url.setPath(u"/logs/%1/stream"_s.arg(space));
        QNetworkRequest request(url);
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &message) {
                             if (message == QStringView(u"\0", 1))
                                 historyDone = true;
                             else if (historyDone)
                                 live += message;
                             else
                                 history += message;
                         });
        socket.open(request);
    }
    QWebSocket socket;
    QString history;
    QString live;
    bool historyDone = false;
};

} // namespace

class LogRoutesTest final : public QObject
{
    Q_OBJECT

    TestServer m_server;
    KillGuard m_guard;
    QString m_spaceId;

    QString tail(const QString &query) const
    {
        return QString::fromUtf8(m_server.api().get(u"/api/spaces/chatty/logs"_s + query).body);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
        QVERIFY(!m_server.createTemplate(chattyTemplate()).isEmpty());
        m_spaceId = m_server.createSpace(u"chatty"_s, u"chatty"_s);
        QVERIFY(!m_spaceId.isEmpty());
        QCOMPARE(m_server.startSpace(m_spaceId), 200);
        m_guard.addGroup(m_server.processGroupOf(m_spaceId));
        QTRY_VERIFY_WITH_TIMEOUT(tail(u"?lines=1"_s) == u"1500\n"_s, SlowMs);
    }

    void plainTail()
    {
        QCOMPARE(tail(u"?lines=3"_s), u"1498\n1499\n1500\n"_s);
        const ApiReply byDefault = m_server.api().get(u"/api/spaces/chatty/logs"_s);
        QCOMPARE(byDefault.status, 200);
        QCOMPARE(QString::fromUtf8(byDefault.body).count(u'\n'), 100);
        QVERIFY(QString::fromUtf8(byDefault.body).startsWith(u"1401\n"_s));
        QCOMPARE(tail(u"?lines=5000"_s).count(u'\n'), 1500);
    }

    void badTailRequests()
    {
        for (const QString &query : {u"?lines=0"_s, u"?lines=abc"_s, u"?lines=10001"_s}) {
            const ApiReply reply = m_server.api().get(u"/api/spaces/chatty/logs"_s + query);
            QCOMPARE(reply.status, 400);
            QVERIFY(reply.json.value(u"error"_s).toString().contains(u"lines"_s));
        }
        QCOMPARE(m_server.api().get(u"/api/spaces/nothing-here/logs"_s).status, 404);
        const ApiCall anonymous(m_server.process.url(), QString());
        QCOMPARE(anonymous.get(u"/api/spaces/chatty/logs"_s).status, 401);
    }

    void streamSendsHistoryThenLiveLines()
    {
        StreamReader reader(m_server.process, u"chatty"_s, m_server.process.token());
        QTRY_VERIFY_WITH_TIMEOUT(reader.historyDone, SlowMs);
        const QStringList lines = reader.history.split(u"\r\n"_s);
        QCOMPARE(lines.size(), 1001); // 1,000 lines, each ending "\r\n"
        // History lines after the grey time the log file keeps for each.
        static const QRegularExpression grey(
            u"^\x1b\\[90m\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\x1b\\[0m "_s);
        QVERIFY2(grey.match(lines.first()).hasMatch(), qPrintable(lines.first().toHtmlEscaped()));
        QCOMPARE(QString(lines.first()).remove(grey), u"501"_s);
        QCOMPARE(QString(lines.at(999)).remove(grey), u"1500"_s);
        QVERIFY(reader.live.isEmpty());

        const ApiReply go = m_server.api().post(u"/api/spaces/chatty/run-command"_s,
                                                {{u"command"_s, u"echo 7 > go"_s}});
        QCOMPARE(go.status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(reader.live.contains(u"live-7\r\n"_s), SlowMs);
        m_server.api().post(u"/api/spaces/chatty/run-command"_s,
                            {{u"command"_s, u"echo 8 > go"_s}});
        QTRY_VERIFY_WITH_TIMEOUT(reader.live.contains(u"live-8\r\n"_s), SlowMs);
        QVERIFY(reader.live.indexOf(u"live-7"_s) < reader.live.indexOf(u"live-8"_s));
        // Live lines: "\x1b[90m<RFC 3339 UTC with ms>\x1b[0m <line>", written just now.
        static const QRegularExpression stamped(
            u"\x1b\\[90m(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z)\x1b\\[0m live-7\r\n"_s);
        const QRegularExpressionMatch match = stamped.match(reader.live);
        QVERIFY2(match.hasMatch(), qPrintable(reader.live.toHtmlEscaped()));
        const QDateTime at = QDateTime::fromString(match.captured(1), Qt::ISODateWithMs);
        QVERIFY(at.isValid());
        QVERIFY(qAbs(at.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        reader.socket.close();
    }

    void refusalsComeBeforeTheUpgrade()
    {
        // A plain GET reaches the same checks: the answer is the refusal, not an upgrade.
        const ApiCall anonymous(m_server.process.url(), QString());
        QCOMPARE(anonymous.get(u"/logs/chatty/stream"_s).status, 401);
        QCOMPARE(m_server.api().get(u"/logs/nothing-here/stream"_s).status, 404);

        StreamReader refused(m_server.process, u"chatty"_s, QString());
        QSignalSpy errors(&refused.socket,
                          qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), SlowMs);
        QVERIFY(refused.history.isEmpty());
        QVERIFY(refused.socket.state() != QAbstractSocket::ConnectedState);
        refused.socket.abort();

        QString error;
        const QString token = addUser(m_server.process, u"eve"_s, {}, &error);
        QVERIFY2(!token.isEmpty(), qPrintable(error));
        const ApiCall eve(m_server.process.url(), token);
        const int status = eve.get(u"/logs/%1/stream"_s.arg(m_spaceId)).status;
        QVERIFY2(status == 403 || status == 404, QByteArray::number(status));
        QCOMPARE(eve.get(u"/api/spaces/%1/logs"_s.arg(m_spaceId)).status, status);
    }

    void cleanupTestCase() { m_server.stopSpace(m_spaceId); }
};

QTEST_GUILESS_MAIN(LogRoutesTest)
#include "tst_log_routes.moc"
