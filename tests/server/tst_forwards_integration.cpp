// Port forwards through a real spacesd: a forward relays real TCP traffic (a web page, bulk
// data in both directions, half-closes), refuses what it cannot do with the documented
// statuses and sentences, and its listener goes away with its source space (or its target),
// while a persistent one comes back when the source starts again.
#include "SpaceTestKit.h"

#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

class ForwardsIntegrationTest final : public QObject
{
    Q_OBJECT

private:
    ApiReply forward(const QString &source, const QJsonObject &body) const
    {
        return m_server->api().post(u"/space-io/%1/port/forward"_s.arg(source), body);
    }
    ApiReply forward(const QString &source, int localPort, const QString &target, int remotePort,
                     bool persistent = false) const
    {
        return forward(source, {{u"local_port"_s, localPort},
                                {u"space"_s, target},
                                {u"remote_port"_s, remotePort},
                                {u"persistent"_s, persistent}});
    }
    ApiReply stopForward(const QString &source, const QJsonValue &localPort) const
    {
        return m_server->api().post(u"/space-io/%1/port/stop"_s.arg(source),
                                    {{u"local_port"_s, localPort}});
    }
    QJsonArray listForwards(const QString &source) const
    {
        return m_server->api()
            .get(u"/space-io/%1/port/list"_s.arg(source))
            .json.value(u"forwards"_s)
            .toArray();
    }
    static QJsonObject entry(int localPort, const QString &space, int remotePort, bool persistent)
    {
        return {{u"local_port"_s, localPort},
                {u"space"_s, space},
                {u"remote_port"_s, remotePort},
                {u"persistent"_s, persistent},
                {u"mode"_s, u"direct"_s}};
    }
    static QJsonObject error(const QString &sentence) { return {{u"error"_s, sentence}}; }
    // A round trip through the relay on localPort to the echo server.
    static bool relays(quint16 localPort)
    {
        QString problem;
        const QByteArray payload = patternPayload(4096, localPort);
        return exchangeOverTcp(localPort, payload, &problem, 10000) == payload && problem.isEmpty();
    }
    QString startedBlank(const QString &name) const
    {
        const QString id = m_server->createSpace(name, u"blank"_s);
        return !id.isEmpty() && m_server->startSpace(id) == 200 ? id : QString();
    }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<EchoServer> m_echo;

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        QString problem;
        QVERIFY2(m_server->start(&problem), qPrintable(problem));
        QVERIFY(!startedBlank(u"fwd-src"_s).isEmpty());
        QVERIFY(!startedBlank(u"fwd-target"_s).isEmpty());
        QVERIFY(!m_server->createSpace(u"fwd-idle"_s, u"blank"_s).isEmpty());
        m_echo = std::make_unique<EchoServer>();
        QVERIFY(m_echo->isListening());
    }

    void cleanupTestCase()
    {
        m_server.reset();
        m_echo.reset();
    }

    void webPageThroughForward()
    {
        const quint16 webPort = freeTcpPort();
        const QString web = m_server->createSpace(u"web-space"_s, u"web"_s,
                                                  {{u"port"_s, QString::number(webPort)}});
        QVERIFY(!web.isEmpty());
        QCOMPARE(m_server->startSpace(web), 200);
        KillGuard guard;
        guard.addGroup(m_server->processGroupOf(web));

        const quint16 local = freeTcpPort();
        const ApiReply opened = forward(u"fwd-src"_s, local, u"web-space"_s, webPort);
        QCOMPARE(opened.status, 200);
        const ApiCall page(QUrl(u"http://127.0.0.1:%1"_s.arg(local)), {});
        // The web server may still be starting: until then the relay finds nobody to connect to.
        QTRY_VERIFY_WITH_TIMEOUT(page.get(u"/"_s).body.contains("<h1>Hello from web-space</h1>"),
                                 20000);
        QCOMPARE(page.get(u"/"_s).status, 200);

        const ApiReply listed = m_server->api().get(u"/space-io/fwd-src/port/list"_s);
        QCOMPARE(listed.status, 200);
        QCOMPARE(listed.json, (QJsonObject{{u"success"_s, true},
                                           {u"forwards"_s, QJsonArray{entry(local, u"web-space"_s,
                                                                            webPort, false)}}}));
        // By id as well as by name.
        const QString sourceId = m_server->space(u"fwd-src"_s).value(u"space_id"_s).toString();
        QCOMPARE(m_server->api().get(u"/space-io/%1/port/list"_s.arg(sourceId)).json, listed.json);

        QCOMPARE(stopForward(u"fwd-src"_s, local).status, 200);
        QCOMPARE(m_server->stopSpace(web), 200);
    }

    void bulkTrafficBothWays()
    {
        const quint16 local = freeTcpPort();
        QCOMPARE(forward(u"fwd-src"_s, local, u"fwd-target"_s, m_echo->port()).status, 200);
        constexpr int connections = 20;
        constexpr qsizetype size = 2 * 1024 * 1024;
        std::vector<QByteArray> received(connections);
        std::vector<QString> problems(connections);
        std::vector<std::thread> clients;
        for (int i = 0; i < connections; ++i) {
            clients.emplace_back([&, i] {
                received[size_t(i)] = exchangeOverTcp(local, patternPayload(size, quint32(i + 1)),
                                                      &problems[size_t(i)], 60000);
            });
        }
        for (std::thread &client : clients)
            client.join();
        for (int i = 0; i < connections; ++i) {
            QVERIFY2(problems[size_t(i)].isEmpty(), qPrintable(problems[size_t(i)]));
            QCOMPARE(received[size_t(i)].size(), size);
            QVERIFY2(received[size_t(i)] == patternPayload(size, quint32(i + 1)), "bytes differ");
        }
        QCOMPARE(stopForward(u"fwd-src"_s, local).status, 200);
    }

    void halfCloseIsPassedOn()
    {
        // This server answers only after it saw the client's EOF.
        EchoServer afterEof(EchoServer::Mode::AfterEof);
        QVERIFY(afterEof.isListening());
        const quint16 local = freeTcpPort();
        QCOMPARE(forward(u"fwd-src"_s, local, u"fwd-target"_s, afterEof.port()).status, 200);
        const QByteArray payload = patternPayload(512 * 1024, 7);
        QString problem;
        const QByteArray answer = exchangeOverTcp(local, payload, &problem, 20000);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(answer.size(), payload.size());
        QVERIFY(answer == payload);
        QCOMPARE(stopForward(u"fwd-src"_s, local).status, 200);
    }

    void localPortTakenByAnotherForward()
    {
        const quint16 local = freeTcpPort();
        QCOMPARE(forward(u"fwd-src"_s, local, u"fwd-target"_s, m_echo->port()).status, 200);
        for (const QString &source : {u"fwd-target"_s, u"fwd-src"_s}) {
            const ApiReply refused = forward(source, local, u"fwd-target"_s, m_echo->port());
            QCOMPARE(refused.status, 409);
            QCOMPARE(refused.json,
                     error(u"local port %1 is already in use by a forward of space 'fwd-src'"_s.arg(
                         local)));
        }
        // The first forward is untouched.
        QVERIFY(relays(local));
        QCOMPARE(stopForward(u"fwd-src"_s, local).status, 200);
    }

    void forwardsThatWouldLoopAreRefused()
    {
        // All spaces share this computer's loopback: local == remote would connect to itself.
        const quint16 self = freeTcpPort();
        const ApiReply looped = forward(u"fwd-src"_s, self, u"fwd-target"_s, self);
        QCOMPARE(looped.status, 400);
        QCOMPARE(
            looped.json,
            error(
                u"local port and remote port must differ: on this computer the forward would connect to itself"_s));
        QVERIFY(canListenOn(self));

        // Nor may a forward point at another forward's listener (two of them could form a loop).
        const quint16 first = freeTcpPort();
        const quint16 second = freeTcpPort();
        QCOMPARE(forward(u"fwd-src"_s, first, u"fwd-target"_s, m_echo->port()).status, 200);
        const ApiReply chained = forward(u"fwd-target"_s, second, u"fwd-src"_s, first);
        QCOMPARE(chained.status, 409);
        QCOMPARE(chained.json,
                 error(u"remote port %1 is the local port of a forward of space 'fwd-src':"
                       " forward to the port the service listens on"_s.arg(first)));
        QVERIFY(canListenOn(second));
        QVERIFY(relays(first));
        QCOMPARE(stopForward(u"fwd-src"_s, first).status, 200);
    }

    void localPortTakenByForeignListener()
    {
        QTcpServer holder;
        QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
        const ApiReply refused =
            forward(u"fwd-src"_s, holder.serverPort(), u"fwd-target"_s, m_echo->port());
        QCOMPARE(refused.status, 409);
        QCOMPARE(refused.json,
                 error(u"local port %1 is already in use"_s.arg(holder.serverPort())));
        QVERIFY(listForwards(u"fwd-src"_s).isEmpty());
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("sentence");
        const auto body = [](const QJsonValue &local, const QJsonValue &space,
                             const QJsonValue &remote) {
            QJsonObject object{
                {u"space"_s, space}, {u"local_port"_s, local}, {u"remote_port"_s, remote}};
            for (const QString &key : object.keys()) {
                if (object.value(key).isUndefined())
                    object.remove(key);
            }
            return object;
        };
        const QString target = u"fwd-target"_s;
        QTest::newRow("source not running") << u"fwd-idle"_s << body(40001, target, 80) << 409
                                            << u"space 'fwd-idle' is not running"_s;
        QTest::newRow("target not running") << u"fwd-src"_s << body(40001, u"fwd-idle"_s, 80) << 409
                                            << u"target space 'fwd-idle' is not running"_s;
        QTest::newRow("unknown target")
            << u"fwd-src"_s << body(40001, u"nowhere"_s, 80) << 404 << u"Target space not found"_s;
        QTest::newRow("unknown target id")
            << u"fwd-src"_s << body(40001, QUuid::createUuid().toString(QUuid::WithoutBraces), 80)
            << 404 << u"Target space not found"_s;
        QTest::newRow("unknown source")
            << u"nowhere"_s << body(40001, target, 80) << 404 << u"space not found"_s;
        QTest::newRow("local 0") << u"fwd-src"_s << body(0, target, 80) << 400
                                 << u"Invalid local port"_s;
        QTest::newRow("local 65536")
            << u"fwd-src"_s << body(65536, target, 80) << 400 << u"Invalid local port"_s;
        QTest::newRow("local -1") << u"fwd-src"_s << body(-1, target, 80) << 400
                                  << u"Invalid local port"_s;
        QTest::newRow("remote 0") << u"fwd-src"_s << body(40001, target, 0) << 400
                                  << u"Invalid remote port"_s;
        QTest::newRow("remote 65536")
            << u"fwd-src"_s << body(40001, target, 65536) << 400 << u"Invalid remote port"_s;
        QTest::newRow("local port as string") << u"fwd-src"_s << body(u"40001"_s, target, 80) << 400
                                              << u"field 'local_port' must be a whole number"_s;
        QTest::newRow("local port fractional") << u"fwd-src"_s << body(4000.5, target, 80) << 400
                                               << u"field 'local_port' must be a whole number"_s;
        QTest::newRow("remote port as bool") << u"fwd-src"_s << body(40001, target, true) << 400
                                             << u"field 'remote_port' must be a whole number"_s;
        QTest::newRow("space as number")
            << u"fwd-src"_s << body(40001, 42, 80) << 400 << u"field 'space' must be a string"_s;
        QTest::newRow("persistent as string")
            << u"fwd-src"_s
            << QJsonObject{{u"local_port"_s, 40001},
                           {u"space"_s, target},
                           {u"remote_port"_s, 80},
                           {u"persistent"_s, u"yes"_s}}
            << 400 << u"field 'persistent' must be true or false"_s;
        QTest::newRow("force as number") << u"fwd-src"_s
                                         << QJsonObject{{u"local_port"_s, 40001},
                                                        {u"space"_s, target},
                                                        {u"remote_port"_s, 80},
                                                        {u"force"_s, 1}}
                                         << 400 << u"field 'force' must be true or false"_s;
        QTest::newRow("no local port") << u"fwd-src"_s << body(QJsonValue::Undefined, target, 80)
                                       << 400 << u"field 'local_port' is required"_s;
        QTest::newRow("no space") << u"fwd-src"_s << body(40001, QJsonValue::Undefined, 80) << 400
                                  << u"field 'space' is required"_s;
        QTest::newRow("no remote port")
            << u"fwd-src"_s << body(40001, target, QJsonValue::Undefined) << 400
            << u"field 'remote_port' is required"_s;
    }

    void refusals()
    {
        QFETCH(QString, source);
        QFETCH(QJsonObject, body);
        QFETCH(int, status);
        QFETCH(QString, sentence);
        const ApiReply reply = forward(source, body);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.json, error(sentence));
        QVERIFY(listForwards(u"fwd-src"_s).isEmpty());
    }

    void forceForwardsToStoppedTarget()
    {
        const quint16 local = freeTcpPort();
        const ApiReply reply = forward(u"fwd-src"_s, {{u"local_port"_s, local},
                                                      {u"space"_s, u"fwd-idle"_s},
                                                      {u"remote_port"_s, m_echo->port()},
                                                      {u"force"_s, true}});
        QCOMPARE(reply.status, 200);
        QVERIFY(relays(local));
        QCOMPARE(listForwards(u"fwd-src"_s),
                 (QJsonArray{entry(local, u"fwd-idle"_s, m_echo->port(), false)}));
        QCOMPARE(stopForward(u"fwd-src"_s, local).status, 200);
    }

    void stopReleasesPort()
    {
        const quint16 local = freeTcpPort();
        QCOMPARE(forward(u"fwd-src"_s, local, u"fwd-target"_s, m_echo->port()).status, 200);
        QVERIFY(!canListenOn(local));
        // Only the source space owns the forward.
        QCOMPARE(stopForward(u"fwd-target"_s, local).json, error(u"Port forward not found"_s));
        const ApiReply stopped = stopForward(u"fwd-src"_s, local);
        QCOMPARE(stopped.status, 200);
        QVERIFY(canListenOn(local));
        QVERIFY(listForwards(u"fwd-src"_s).isEmpty());

        const ApiReply again = stopForward(u"fwd-src"_s, local);
        QCOMPARE(again.status, 404);
        QCOMPARE(again.json, error(u"Port forward not found"_s));
        QCOMPARE(stopForward(u"fwd-src"_s, 0).json, error(u"Invalid local port"_s));
        QCOMPARE(stopForward(u"fwd-src"_s, u"x"_s).json,
                 error(u"field 'local_port' must be a whole number"_s));
        QCOMPARE(stopForward(u"nowhere"_s, local).status, 404);
        QCOMPARE(m_server->api().get(u"/space-io/nowhere/port/list"_s).status, 404);
    }

    void listenersGoWithStoppedSource()
    {
        const QString source = startedBlank(u"fwd-stopping"_s);
        QVERIFY(!source.isEmpty());
        const quint16 first = freeTcpPort();
        const quint16 second = freeTcpPort();
        QCOMPARE(forward(source, first, u"fwd-target"_s, m_echo->port()).status, 200);
        QCOMPARE(forward(source, second, u"fwd-target"_s, m_echo->port(), true).status, 200);
        QVERIFY(!canListenOn(first) && !canListenOn(second));
        QCOMPARE(m_server->stopSpace(source), 200);
        QVERIFY(canListenOn(first));
        QVERIFY(canListenOn(second));
        QVERIFY(listForwards(source).isEmpty());
    }

    void listenersGoWhenServicesEnd()
    {
        QVERIFY(!m_server
                     ->createTemplate(
                         {{u"name"_s, u"short-lived"_s}, {u"startup_command"_s, u"sleep 2"_s}})
                     .isEmpty());
        const QString source = m_server->createSpace(u"fwd-short"_s, u"short-lived"_s);
        QVERIFY(!source.isEmpty());
        QCOMPARE(m_server->startSpace(source), 200);
        KillGuard guard;
        guard.addGroup(m_server->processGroupOf(source));
        const quint16 local = freeTcpPort();
        QCOMPARE(forward(source, local, u"fwd-target"_s, m_echo->port()).status, 200);
        QVERIFY(!canListenOn(local));
        // The monitor notices the end of the services and the forward goes with the space.
        QTRY_VERIFY_WITH_TIMEOUT(!m_server->isDeployed(source), 8000);
        QVERIFY(canListenOn(local));
        QVERIFY(listForwards(source).isEmpty());
    }

    void listenersGoWithDeletedTarget()
    {
        const QString target = m_server->createSpace(u"fwd-doomed"_s, u"blank"_s);
        QVERIFY(!target.isEmpty());
        const quint16 local = freeTcpPort();
        QCOMPARE(forward(u"fwd-src"_s, {{u"local_port"_s, local},
                                        {u"space"_s, u"fwd-doomed"_s},
                                        {u"remote_port"_s, m_echo->port()},
                                        {u"force"_s, true}})
                     .status,
                 200);
        QVERIFY(!canListenOn(local));
        QCOMPARE(m_server->api().del(u"/api/spaces/fwd-doomed"_s).status, 200);
        QVERIFY(canListenOn(local));
        QVERIFY(listForwards(u"fwd-src"_s).isEmpty());
    }

    void persistentForwardComesBack()
    {
        const QString source = startedBlank(u"fwd-persist"_s);
        QVERIFY(!source.isEmpty());
        const quint16 kept = freeTcpPort();
        const quint16 dropped = freeTcpPort();
        QCOMPARE(forward(source, kept, u"fwd-target"_s, m_echo->port(), true).status, 200);
        QCOMPARE(forward(source, dropped, u"fwd-target"_s, m_echo->port(), false).status, 200);
        QCOMPARE(listForwards(source),
                 (QJsonArray{entry(qMin(kept, dropped), u"fwd-target"_s, m_echo->port(),
                                   qMin(kept, dropped) == kept),
                             entry(qMax(kept, dropped), u"fwd-target"_s, m_echo->port(),
                                   qMax(kept, dropped) == kept)}));

        QCOMPARE(m_server->stopSpace(source), 200);
        QVERIFY(canListenOn(kept) && canListenOn(dropped));
        QCOMPARE(m_server->startSpace(source), 200);
        QCOMPARE(listForwards(source),
                 (QJsonArray{entry(kept, u"fwd-target"_s, m_echo->port(), true)}));
        QVERIFY(relays(kept));
        QVERIFY(canListenOn(dropped));

        // A new server brings it back for a source that kept running.
        QCOMPARE(m_server->process.terminate(), 0);
        QVERIFY(canListenOn(kept));
        QString problem;
        QVERIFY2(m_server->start(&problem), qPrintable(problem));
        QCOMPARE(listForwards(source),
                 (QJsonArray{entry(kept, u"fwd-target"_s, m_echo->port(), true)}));
        QVERIFY(relays(kept));

        // Stopped explicitly, it is gone for good.
        QCOMPARE(stopForward(source, kept).status, 200);
        QCOMPARE(m_server->stopSpace(source), 200);
        QCOMPARE(m_server->startSpace(source), 200);
        QVERIFY(listForwards(source).isEmpty());
        QVERIFY(canListenOn(kept));
        QCOMPARE(m_server->stopSpace(source), 200);
    }

    void persistentForwardGoesWithDeletedSource()
    {
        QString source = startedBlank(u"fwd-gone"_s);
        QVERIFY(!source.isEmpty());
        const quint16 local = freeTcpPort();
        QCOMPARE(forward(source, local, u"fwd-target"_s, m_echo->port(), true).status, 200);
        QCOMPARE(m_server->stopSpace(source), 200);
        QCOMPARE(m_server->api().del(u"/api/spaces/"_s + source).status, 200);
        // A new space of the same name does not inherit it.
        source = startedBlank(u"fwd-gone"_s);
        QVERIFY(!source.isEmpty());
        QVERIFY(listForwards(source).isEmpty());
        QVERIFY(canListenOn(local));
        QCOMPARE(m_server->stopSpace(source), 200);
    }

    void stoppingOtherForwardKeepsPersistentRecord()
    {
        // A persistent forward waits for its stopped source; meanwhile another space uses the
        // port for a forward of its own and stops it. The waiting one must still come back.
        const QString owner = startedBlank(u"fwd-owner"_s);
        QVERIFY(!owner.isEmpty());
        const quint16 local = freeTcpPort();
        QCOMPARE(forward(owner, local, u"fwd-target"_s, m_echo->port(), true).status, 200);
        QCOMPARE(m_server->stopSpace(owner), 200);
        QCOMPARE(forward(u"fwd-src"_s, local, u"fwd-target"_s, m_echo->port(), false).status, 200);
        QCOMPARE(stopForward(u"fwd-src"_s, local).status, 200);
        QCOMPARE(m_server->startSpace(owner), 200);
        QCOMPARE(listForwards(owner),
                 (QJsonArray{entry(local, u"fwd-target"_s, m_echo->port(), true)}));
        QVERIFY(relays(local));
        QCOMPARE(m_server->stopSpace(owner), 200);
    }
};

QTEST_GUILESS_MAIN(ForwardsIntegrationTest)
#include "tst_forwards_integration.moc"
