// GET /api/events (Server-Sent Events) from a real spacesd, read the way a client reads it:
// a QNetworkAccessManager stream consumed on readyRead.
#include "SpaceTestKit.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

// One open /api/events stream, split into frames as they arrive.
class EventStream final : public QObject
{
public:
    struct Frame
    {
        QString event; // "" for a comment-only frame
        QByteArray data;
        QStringList comments;
    };

    EventStream(const QUrl &url, const QString &token)
    {
        QNetworkRequest request(url);
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        request.setRawHeader("Accept", "text/event-stream");
        m_reply.reset(m_manager.get(request));
        connect(m_reply.get(), &QNetworkReply::readyRead, this, &EventStream::consume);
        connect(m_reply.get(), &QNetworkReply::finished, this, &EventStream::consume);
    }
    ~EventStream() override
    {
        if (!m_reply)
            return;
        m_reply->disconnect(this);
        if (m_reply->isRunning())
            m_reply->abort();
    }

    int status() const
    {
        return m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }
    QByteArray contentType() const
    {
        return m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    }
    bool isFinished() const { return m_reply->isFinished(); }
    QByteArray rawBody() const { return m_raw; }
    void close() { m_reply->abort(); }
    const QList<Frame> &frames() const { return m_frames; }

    // The "message" frames' data as JSON objects, in order.
    QList<QJsonObject> messages() const
    {
        QList<QJsonObject> result;
        for (const Frame &frame : m_frames) {
            if (frame.event == u"message"_s)
                result.append(QJsonDocument::fromJson(frame.data).object());
        }
        return result;
    }
    bool hasMessage(const QJsonObject &message) const { return messages().contains(message); }
    bool hasComment(const QString &comment) const
    {
        for (const Frame &frame : m_frames) {
            if (frame.comments.contains(comment))
                return true;
        }
        return false;
    }

private:
    void consume()
    {
        if (!m_reply->isOpen())
            return; // aborted
        const QByteArray chunk = m_reply->readAll();
        m_raw += chunk;
        m_pending += chunk;
        qsizetype end;
        while ((end = m_pending.indexOf("\n\n")) >= 0) {
            const QByteArray block = m_pending.left(end);
            m_pending.remove(0, end + 2);
            Frame frame;
            const QList<QByteArray> lines = block.split('\n');
            for (const QByteArray &line : lines) {
                if (line.startsWith(':'))
                    frame.comments.append(QString::fromUtf8(line.mid(1).trimmed()));
                else if (line.startsWith("event:"))
                    frame.event = QString::fromUtf8(line.mid(6).trimmed());
                else if (line.startsWith("data:"))
                    frame.data += line.mid(5).trimmed();
            }
            m_frames.append(frame);
        }
    }

    QNetworkAccessManager m_manager;
    std::unique_ptr<QNetworkReply> m_reply;
    QByteArray m_raw;
    QByteArray m_pending;
    QList<Frame> m_frames;
};

QJsonObject spaceEvent(const QString &type, const QString &spaceId, const QString &userId)
{
    return {{u"type"_s, type},
            {u"payload"_s, QJsonObject{{u"id"_s, spaceId}, {u"user_id"_s, userId}}}};
}

} // namespace

class EventsIntegrationTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<EventStream> open(const QString &token) const
    {
        return std::make_unique<EventStream>(m_server->api().url(u"/api/events"_s), token);
    }
    QString adminId() const
    {
        return m_server->api().get(u"/api/users/whoami"_s).json.value(u"user_id"_s).toString();
    }

    std::unique_ptr<TestServer> m_server;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        QString problem;
        QVERIFY2(m_server->start(&problem), qPrintable(problem));
    }

    void cleanupTestCase() { m_server.reset(); }

    void connectedComesFirst()
    {
        const auto stream = open(m_server->process.token());
        QTRY_VERIFY_WITH_TIMEOUT(!stream->frames().isEmpty(), 5000);
        QCOMPARE(stream->status(), 200);
        QCOMPARE(stream->contentType(), QByteArrayLiteral("text/event-stream"));
        QVERIFY2(stream->rawBody().startsWith("event: connected\n"), stream->rawBody().constData());
        QCOMPARE(stream->frames().first().event, u"connected"_s);
        QVERIFY(!stream->isFinished());
    }

    void spaceLifecycleEvents()
    {
        const auto stream = open(m_server->process.token());
        QTRY_VERIFY_WITH_TIMEOUT(!stream->frames().isEmpty(), 5000);
        const QString owner = adminId();
        const QString id = m_server->createSpace(u"watched"_s, u"blank"_s);
        QVERIFY(!id.isEmpty());
        const QJsonObject changed = spaceEvent(u"space:changed"_s, id, owner);
        QTRY_VERIFY_WITH_TIMEOUT(stream->hasMessage(changed), 5000); // created

        const qsizetype before = stream->messages().size();
        QCOMPARE(m_server->startSpace(id), 200);
        QTRY_VERIFY_WITH_TIMEOUT(
            stream->messages().size() > before && stream->messages().last() == changed, 5000);
        const qsizetype afterStart = stream->messages().size();
        QCOMPARE(m_server->stopSpace(id), 200);
        QTRY_VERIFY_WITH_TIMEOUT(
            stream->messages().size() > afterStart && stream->messages().last() == changed, 5000);

        QCOMPARE(m_server->api().del(u"/api/spaces/watched"_s).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(stream->hasMessage(spaceEvent(u"space:deleted"_s, id, owner)),
                                 5000);
        QCOMPARE(stream->messages().last(), spaceEvent(u"space:deleted"_s, id, owner));
        // Every frame is one of the documented kinds.
        for (const EventStream::Frame &frame : stream->frames())
            QVERIFY2(frame.event == u"connected"_s || frame.event == u"message"_s ||
                         frame.event.isEmpty(),
                     qPrintable(frame.event));
    }

    void monitorAnnouncesEndedServices()
    {
        QVERIFY(
            !m_server
                 ->createTemplate({{u"name"_s, u"brief"_s}, {u"startup_command"_s, u"sleep 1"_s}})
                 .isEmpty());
        const QString id = m_server->createSpace(u"brief-one"_s, u"brief"_s);
        QVERIFY(!id.isEmpty());
        const auto stream = open(m_server->process.token());
        QTRY_VERIFY_WITH_TIMEOUT(!stream->frames().isEmpty(), 5000);
        QCOMPARE(m_server->startSpace(id), 200);
        KillGuard guard;
        guard.addGroup(m_server->processGroupOf(id));
        const QJsonObject changed = spaceEvent(u"space:changed"_s, id, adminId());
        QTRY_VERIFY_WITH_TIMEOUT(stream->hasMessage(changed), 5000);
        const qsizetype started = stream->messages().size();
        // Nothing else happens to the space: the next event is the monitor's.
        QTRY_VERIFY_WITH_TIMEOUT(stream->messages().size() > started, 8000);
        QCOMPARE(stream->messages().last(), changed);
        QVERIFY(!m_server->isDeployed(id));
    }

    void keepAliveArrives()
    {
        const auto stream = open(m_server->process.token());
        QTRY_VERIFY_WITH_TIMEOUT(stream->hasComment(u"keep-alive"_s), 7000);
        QVERIFY(!stream->isFinished());
    }

    void unauthorized_data()
    {
        QTest::addColumn<QString>("token");
        QTest::newRow("no token") << QString();
        QTest::newRow("unknown token") << u"not-a-token"_s;
    }

    void unauthorized()
    {
        QFETCH(QString, token);
        const auto stream = open(token);
        QTRY_VERIFY_WITH_TIMEOUT(stream->isFinished(), 5000);
        QCOMPARE(stream->status(), 401);
        QCOMPARE(QJsonDocument::fromJson(stream->rawBody()).object(),
                 (QJsonObject{{u"error"_s, u"Authentication token is not valid"_s}}));
    }

    void usersSeeOnlyTheirOwnSpaces()
    {
        QByteArray output;
        QByteArray errors;
        QCOMPARE(
            m_server->process.runAdminCommand({u"user"_s, u"add"_s, u"bob"_s}, &output, &errors),
            0);
        const QString bobToken = QString::fromUtf8(output).trimmed();
        QVERIFY2(!bobToken.isEmpty(), errors.constData());
        const ApiCall bob = m_server->api().withToken(bobToken);
        const QString bobId = bob.get(u"/api/users/whoami"_s).json.value(u"user_id"_s).toString();
        QVERIFY(!bobId.isEmpty());

        const auto bobStream = open(bobToken);
        const auto adminStream = open(m_server->process.token());
        QTRY_VERIFY_WITH_TIMEOUT(!bobStream->frames().isEmpty() && !adminStream->frames().isEmpty(),
                                 5000);

        const QString adminSpace = m_server->createSpace(u"admins-own"_s, u"blank"_s);
        QVERIFY(!adminSpace.isEmpty());
        QCOMPARE(m_server->startSpace(adminSpace), 200);
        const ApiReply created = bob.post(
            u"/api/spaces"_s, {{u"name"_s, u"bobs-own"_s}, {u"template_id"_s, u"blank"_s}});
        QCOMPARE(created.status, 201);
        const QString bobSpace = created.json.value(u"space_id"_s).toString();

        // Events arrive in order on one stream: once bob sees his own, the admin's would have
        // come before it.
        QTRY_VERIFY_WITH_TIMEOUT(
            bobStream->hasMessage(spaceEvent(u"space:changed"_s, bobSpace, bobId)), 5000);
        for (const QJsonObject &message : bobStream->messages()) {
            QCOMPARE(message.value(u"payload"_s).toObject().value(u"user_id"_s).toString(), bobId);
            QVERIFY(message.value(u"payload"_s).toObject().value(u"id"_s).toString() != adminSpace);
        }
        // The admin manages spaces and sees both.
        QTRY_VERIFY_WITH_TIMEOUT(
            adminStream->hasMessage(spaceEvent(u"space:changed"_s, bobSpace, bobId)), 5000);
        QVERIFY(adminStream->hasMessage(spaceEvent(u"space:changed"_s, adminSpace, adminId())));
        QCOMPARE(m_server->stopSpace(adminSpace), 200);
    }

    void closingStreamsLeavesServerAlone()
    {
        for (int i = 0; i < 5; ++i) {
            const auto stream = open(m_server->process.token());
            QTRY_VERIFY_WITH_TIMEOUT(!stream->frames().isEmpty(), 5000);
            stream->close();
        }
        // Events published after the clients left go to those still listening, and nobody else.
        const auto survivor = open(m_server->process.token());
        QTRY_VERIFY_WITH_TIMEOUT(!survivor->frames().isEmpty(), 5000);
        const QString id = m_server->createSpace(u"after-close"_s, u"blank"_s);
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            survivor->hasMessage(spaceEvent(u"space:changed"_s, id, adminId())), 5000);
        QCOMPARE(m_server->api().get(u"/api/ping"_s).status, 200);
        QVERIFY(m_server->process.isRunning());
        QCOMPARE(m_server->api().del(u"/api/spaces/after-close"_s).status, 200);
    }

    void serverStopsCleanlyWithOpenStreams()
    {
        const auto first = open(m_server->process.token());
        const auto second = open(m_server->process.token());
        QTRY_VERIFY_WITH_TIMEOUT(!first->frames().isEmpty() && !second->frames().isEmpty(), 5000);
        QCOMPARE(m_server->process.terminate(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(first->isFinished() && second->isFinished(), 5000);
    }
};

QTEST_GUILESS_MAIN(EventsIntegrationTest)
#include "tst_events_integration.moc"
