// Failures and readiness against a real spacesd and real sandboxes: services that exit or are
// killed leave a `last_exit` saying why (cleared by the next successful start), a start
// whose services refuse their input says "failed to start" with their own words, and a
// template's readiness check holds has_state false until the port answers or the command
// succeeds, and stops the space with the reason when it never does.
#include "SpaceTestKit.h"

#include <QFile>
#include <QTcpSocket>
#include <QTest>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

QJsonObject lastExitOf(const TestServer &server, const QString &id)
{
    return server.space(id).value(u"last_exit"_s).toObject();
}

// The pid (as this computer sees it) of the first process the sandbox's init started: the
// startup command.
qint64 serviceOf(const QString &handle)
{
    // "sandbox:<init pid>:<start>/<launcher>"
    const qint64 init = handle.section(u':', 1, 1).toLongLong();
    QFile children(u"/proc/%1/task/%1/children"_s.arg(init));
    if (!children.open(QIODevice::ReadOnly))
        return 0;
    return children.readAll().trimmed().split(' ').value(0).toLongLong();
}

bool answers(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, port);
    return socket.waitForConnected(1000);
}

} // namespace

class SpaceFailuresTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QString error;
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }
    void cleanup() { m_server.reset(); }

    void exitStatusIsRecordedUntilTheNextStart()
    {
        // Exits 3 the first time; runs for good once the marker is there.
        QVERIFY(!m_server
                     ->createTemplate({{u"name"_s, u"flaky"_s},
                                       {u"startup_command"_s,
                                        u"[ -f again ] && exec sleep 1000; echo about to fail;"
                                        " exit 3"_s}})
                     .isEmpty());
        const QString id = m_server->createSpace(u"flaky-space"_s, u"flaky"_s);
        QVERIFY(!id.isEmpty());
        QCOMPARE(m_server->startSpace(id), 200);
        QTRY_VERIFY_WITH_TIMEOUT(!lastExitOf(*m_server, id).isEmpty(), 10000);
        const QJsonObject exit = lastExitOf(*m_server, id);
        QCOMPARE(exit.value(u"code"_s).toInt(-1), 3);
        QVERIFY(!exit.contains(u"signal"_s));
        QCOMPARE(exit.value(u"reason"_s).toString(), u"exited with status 3"_s);
        QCOMPARE(exit.value(u"failed_to_start"_s).toBool(), false);
        QVERIFY(exit.value(u"log"_s).toArray().contains(u"about to fail"_s));
        QVERIFY(QDateTime::fromString(exit.value(u"at"_s).toString(), Qt::ISODate).isValid());
        const QJsonObject space = m_server->space(id);
        QCOMPARE(space.value(u"is_deployed"_s).toBool(), false);
        QCOMPARE(space.value(u"is_pending"_s).toBool(), false);

        QFile marker(m_server->home(id) + u"/again"_s);
        QVERIFY(marker.open(QIODevice::WriteOnly));
        marker.close();
        QCOMPARE(m_server->startSpace(id), 200);
        KillGuard guard;
        guard.addGroup(m_server->processGroupOf(id));
        QVERIFY(m_server->space(id).value(u"last_exit"_s).isNull());
        QCOMPARE(m_server->space(id).value(u"has_state"_s).toBool(), true);
        QCOMPARE(m_server->stopSpace(id), 200);
        // A stop asked for is no failure.
        QVERIFY(m_server->space(id).value(u"last_exit"_s).isNull());
    }

    void serviceKilledFromOutsideNamesTheSignal()
    {
        QVERIFY(!m_server
                     ->createTemplate(
                         {{u"name"_s, u"sleeper"_s}, {u"startup_command"_s, u"exec sleep 1000"_s}})
                     .isEmpty());
        const QString id = m_server->createSpace(u"victim"_s, u"sleeper"_s);
        QCOMPARE(m_server->startSpace(id), 200);
        KillGuard guard;
        guard.addGroup(m_server->processGroupOf(id));
        qint64 service = 0;
        QTRY_VERIFY_WITH_TIMEOUT((service = serviceOf(m_server->handleOf(id))) > 1, 10000);
        guard.addPids({service});
        QVERIFY(::kill(pid_t(service), SIGKILL) == 0);
        QTRY_VERIFY_WITH_TIMEOUT(!lastExitOf(*m_server, id).isEmpty(), 10000);
        const QJsonObject exit = lastExitOf(*m_server, id);
        QCOMPARE(exit.value(u"signal"_s).toString(), u"SIGKILL"_s);
        QVERIFY(!exit.contains(u"code"_s));
        QCOMPARE(exit.value(u"reason"_s).toString(), u"killed by SIGKILL"_s);
        QVERIFY(!m_server->isDeployed(id));
    }

    void invalidPortFailsTheStartWithTheServicesWords()
    {
        const QString id =
            m_server->createSpace(u"bad-port"_s, u"web"_s, {{u"port"_s, u"99999x"_s}});
        QVERIFY(!id.isEmpty());
        QCOMPARE(m_server->startSpace(id), 200);
        KillGuard guard;
        guard.addGroup(m_server->processGroupOf(id));
        QTRY_VERIFY_WITH_TIMEOUT(!lastExitOf(*m_server, id).isEmpty(), 15000);
        const QJsonObject exit = lastExitOf(*m_server, id);
        QVERIFY2(exit.value(u"reason"_s).toString().startsWith(u"failed to start: "_s),
                 qPrintable(exit.value(u"reason"_s).toString()));
        QCOMPARE(exit.value(u"failed_to_start"_s).toBool(), true);
        const QString log = exit.value(u"log"_s).toVariant().toStringList().join(u'\n');
        QVERIFY2(log.contains(u"invalid int value"_s), qPrintable(log));
        QVERIFY(!m_server->isDeployed(id));
    }

    void readinessFlipsOnceThePortAnswers()
    {
        const quint16 port = freeTcpPort();
        QVERIFY(port > 0);
        QVERIFY(!m_server
                     ->createTemplate(
                         {{u"name"_s, u"slow-web"_s},
                          {u"custom_fields"_s, QJsonArray{QJsonObject{{u"name"_s, u"port"_s}}}},
                          {u"ready"_s, QJsonObject{{u"port"_s, u"${port}"_s}, {u"timeout"_s, 20}}},
                          {u"startup_command"_s,
                           u"sleep 1.5; exec python3 -m http.server \"$port\" --bind 127.0.0.1"_s}})
                     .isEmpty());
        const QString id = m_server->createSpace(u"slow-web-space"_s, u"slow-web"_s,
                                                 {{u"port"_s, QString::number(port)}});
        QCOMPARE(m_server->startSpace(id), 200);
        KillGuard guard;
        guard.addGroup(m_server->processGroupOf(id));
        // Deployed, but not ready: nothing listens yet.
        QJsonObject space = m_server->space(id);
        QCOMPARE(space.value(u"is_deployed"_s).toBool(), true);
        QCOMPARE(space.value(u"has_state"_s).toBool(true), false);
        QVERIFY(!answers(port));
        QTRY_VERIFY2_WITH_TIMEOUT(m_server->space(id).value(u"has_state"_s).toBool(),
                                  qPrintable(m_server->explain(id)), 30000);
        QVERIFY(answers(port));
        QVERIFY(m_server->space(id).value(u"last_exit"_s).isNull());
        QCOMPARE(m_server->stopSpace(id), 200);
    }

    void failingCheckStopsTheSpaceWithTheReason()
    {
        QVERIFY(!m_server
                     ->createTemplate(
                         {{u"name"_s, u"never-ready"_s},
                          {u"ready"_s, QJsonObject{{u"command"_s, u"test -f ready-marker"_s},
                                                   {u"timeout"_s, 1}}},
                          {u"startup_command"_s, u"exec sleep 1000"_s}})
                     .isEmpty());
        const QString id = m_server->createSpace(u"never-ready-space"_s, u"never-ready"_s);
        QCOMPARE(m_server->startSpace(id), 200);
        KillGuard guard;
        guard.addGroup(m_server->processGroupOf(id));
        QCOMPARE(m_server->space(id).value(u"has_state"_s).toBool(true), false);
        QTRY_VERIFY_WITH_TIMEOUT(!lastExitOf(*m_server, id).isEmpty(), 15000);
        const QJsonObject exit = lastExitOf(*m_server, id);
        QCOMPARE(exit.value(u"reason"_s).toString(),
                 u"failed to start: not ready after 1 s: 'test -f ready-marker' did not succeed"_s);
        QCOMPARE(exit.value(u"failed_to_start"_s).toBool(), true);
        QVERIFY(!m_server->isDeployed(id));
        QCOMPARE(m_server->processGroupOf(id), 0);
    }

    void commandCheckPassesInsideTheSpace()
    {
        QVERIFY(!m_server
                     ->createTemplate(
                         {{u"name"_s, u"marker-ready"_s},
                          {u"ready"_s, QJsonObject{{u"command"_s, u"test -f /tmp/up"_s}}},
                          // /tmp is the sandbox's own: only a check run inside can see it.
                          {u"startup_command"_s, u"sleep 1; touch /tmp/up; exec sleep 1000"_s}})
                     .isEmpty());
        const QString id = m_server->createSpace(u"marker-ready-space"_s, u"marker-ready"_s);
        QCOMPARE(m_server->startSpace(id), 200);
        KillGuard guard;
        guard.addGroup(m_server->processGroupOf(id));
        QCOMPARE(m_server->space(id).value(u"has_state"_s).toBool(true), false);
        QTRY_VERIFY2_WITH_TIMEOUT(m_server->space(id).value(u"has_state"_s).toBool(),
                                  qPrintable(m_server->explain(id)), 30000);
        QCOMPARE(m_server->stopSpace(id), 200);
    }

private:
    std::unique_ptr<TestServer> m_server;
};

QTEST_GUILESS_MAIN(SpaceFailuresTest)
#include "tst_space_failures.moc"
