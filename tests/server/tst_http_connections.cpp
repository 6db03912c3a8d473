// Connections as a daemon must handle them: a flood of idle ones never locks out a real client;
// the network only with TLS (or when asked for plain HTTP); HTTPS itself.
#include "ApiCall.h"
#include "RawHttpConnection.h"
#include "SelfSignedCertificate.h"
#include "ServerTestHelpers.h"
#include "SpacesdProcess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <sys/resource.h>
#include <vector>

using namespace spaces::test;
using namespace Qt::StringLiterals;

class HttpConnectionsTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The test itself holds more than the default 1024 descriptors.
        rlimit limit{};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &limit), 0);
        limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 8192);
        QCOMPARE(setrlimit(RLIMIT_NOFILE, &limit), 0);
        if (limit.rlim_cur < 2000)
            QSKIP("the descriptor limit is too low to open 1,100 connections");
    }

    void idleFloodDoesNotLockOutAClient()
    {
        SpacesdProcess server;
        QString error;
        QVERIFY2(server.start(&error, {u"--max-connections"_s, u"256"_s}), qPrintable(error));
        const ApiCall admin(server.url(), server.token());
        std::vector<std::unique_ptr<RawHttpConnection>> idle;
        for (int i = 0; i < 1100; ++i) {
            idle.push_back(std::make_unique<RawHttpConnection>(server.url()));
            QVERIFY(idle.back()->isOpen());
        }
        QElapsedTimer elapsed;
        elapsed.start();
        SPACES_COMPARE_STATUS(admin.get(u"/api/ping"_s), 200);
        qInfo("ping answered in %lld ms with 1,100 idle connections opened", elapsed.elapsed());
        QVERIFY(elapsed.elapsed() < 5000);
        // The oldest idle ones made room: the server holds no more than its cap.
        const auto closedCount = [&] {
            int closed = 0;
            for (const auto &connection : idle)
                closed += connection->waitForClose(0) ? 1 : 0;
            return closed;
        };
        QTRY_VERIFY_WITH_TIMEOUT(closedCount() >= 1100 - 256, 5000);
        QVERIFY(server.isRunning());
    }

    void stopsCleanlyWithAnswersPending()
    {
        // SIGTERM while a command runs, a stream is open and a request is half sent.
        SpacesdProcess server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const ApiCall admin(server.url(), server.token());
        SPACES_COMPARE_STATUS(admin.post(u"/api/spaces"_s, spaceRequest(u"stop-space"_s)), 201);
        SPACES_COMPARE_STATUS(admin.post(u"/api/spaces/stop-space/start"_s), 200);
        const QByteArray auth = "Authorization: Bearer " + server.token().toUtf8() + "\r\n";
        const QByteArray body = "{\"command\":\"sleep 5\"}";
        RawHttpConnection command(server.url());
        QVERIFY(command.send("POST /api/spaces/stop-space/run-command HTTP/1.1\r\nHost: t\r\n" +
                             auth + "Content-Type: application/json\r\nContent-Length: " +
                             QByteArray::number(body.size()) + "\r\n\r\n" + body));
        RawHttpConnection events(server.url());
        QVERIFY(events.send("GET /api/events HTTP/1.1\r\nHost: t\r\n" + auth + "\r\n"));
        QCOMPARE(events.readResponse(500).status, 0); // a stream: no length, no end yet
        RawHttpConnection partial(server.url());
        QVERIFY(partial.send("GET /api/ping HTTP/1.1\r\nHost: t\r\n"));
        QCOMPARE(server.terminate(), 0);
        QVERIFY(command.waitForClose(5000));
        QVERIFY(events.waitForClose(5000));
    }

    void networkListenNeedsTls()
    {
        SpacesdProcess server;
        QByteArray out;
        QByteArray err;
        const int code = server.runAdminCommand({u"--listen"_s, u"0.0.0.0:0"_s}, &out, &err);
        QCOMPARE(code, 1);
        QCOMPARE(QString::fromUtf8(err).trimmed(),
                 u"spacesd: refusing to serve plain HTTP on 0.0.0.0, which is not loopback: give "
                 "--tls-cert and --tls-key, or --insecure-listen"_s);
    }

    void insecureListenWarns()
    {
        SpacesdProcess server;
        QString error;
        QVERIFY2(server.start(&error, {u"--listen"_s, u"0.0.0.0:0"_s, u"--insecure-listen"_s}),
                 qPrintable(error));
        QVERIFY2(server.output().contains("warning: serving plain HTTP on 0.0.0.0"),
                 server.output().constData());
    }

    void httpsWithSelfSignedCertificate()
    {
        SelfSignedCertificate tls;
        QString error;
        QVERIFY2(tls.create(&error), qPrintable(error));
        const QString certificate = tls.certificateFile();
        const QString key = tls.keyFile();

        SpacesdProcess server;
        // start() waits for an answer to /api/ping, which now goes over TLS.
        QVERIFY2(server.start(&error, {u"--tls-cert"_s, certificate, u"--tls-key"_s, key}),
                 qPrintable(error));
        QCOMPARE(server.url().scheme(), u"https"_s);
        const ApiReply ping = ApiCall(server.url(), server.token()).get(u"/api/ping"_s);
        SPACES_COMPARE_STATUS(ping, 200);
        // Plain HTTP to the TLS port gets no answer.
        QUrl plain = server.url();
        plain.setScheme(u"http"_s);
        QCOMPARE(ApiCall(plain, server.token()).send("GET", u"/api/ping"_s, {}, {}, 5000).status,
                 0);
    }
};

QTEST_GUILESS_MAIN(HttpConnectionsTest)
#include "tst_http_connections.moc"
