// spacectl forward NAME [LOCAL:]REMOTE against a real spacesd and a sandboxed space serving a
// web page and a TCP echo: a page fetched from 127.0.0.1:LOCAL comes from the space, bytes
// round-trip intact, Ctrl+C and SIGTERM end it with 0, and every refusal is one sentence and
// status 1 (2 for a malformed port).
#include "SpaceTestKit.h"
#include "SpacectlRunner.h"
#include "TunnelSpace.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <csignal>

using namespace spaces::test;
using namespace Qt::StringLiterals;

namespace {

// A `spacectl forward` running in the background until the test signals it (killed at the
// end of the scope whatever happened).
class Forwarder final
{
public:
    Forwarder(const QProcessEnvironment &environment, const QStringList &arguments)
    {
        m_process.setProcessEnvironment(environment);
        m_process.start(SpacectlRunner::path(), QStringList{u"forward"_s} + arguments);
    }
    ~Forwarder()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    // The local port of the "Forwarding 127.0.0.1:N -> ..." line, 0 when it did not come.
    quint16 waitForForwarding()
    {
        static const QRegularExpression line(u"Forwarding 127\\.0\\.0\\.1:(\\d+) -> "_s);
        (void)QTest::qWaitFor(
            [this] {
                m_out += m_process.readAllStandardOutput();
                return line.match(QString::fromUtf8(m_out)).hasMatch() ||
                       m_process.state() == QProcess::NotRunning;
            },
            20000);
        const QRegularExpressionMatch match = line.match(QString::fromUtf8(m_out));
        return match.hasMatch() ? quint16(match.captured(1).toUInt()) : quint16(0);
    }
    int stop(int signal)
    {
        ::kill(pid_t(m_process.processId()), signal);
        if (!m_process.waitForFinished(10000))
            return -1;
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    QByteArray output()
    {
        m_out += m_process.readAllStandardOutput();
        return m_out + "\n--- stderr:\n" + m_process.readAllStandardError();
    }

private:
    QProcess m_process;
    QByteArray m_out;
};

QByteArray fetch(const QUrl &url)
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setTransferTimeout(10000);
    QNetworkReply *reply = network.get(request);
    (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, 15000);
    const QByteArray body = reply->readAll();
    delete reply;
    return body;
}

} // namespace

class SpacectlForwardTest final : public QObject
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
        m_environment =
            SpacectlRunner::serverEnvironment(m_server.process.url(), m_server.process.token());
    }

    void fetchesAPageThroughTheForward()
    {
        const quint16 local = freeTcpPort();
        Forwarder forwarder(m_environment,
                            {u"web"_s, u"%1:%2"_s.arg(local).arg(m_space.webPort())});
        QCOMPARE(forwarder.waitForForwarding(), local);
        QVERIFY2(forwarder.output().contains(u"Forwarding 127.0.0.1:%1 -> web:%2\n"_s.arg(local)
                                                 .arg(m_space.webPort())
                                                 .toUtf8()),
                 forwarder.output().constData());
        const QByteArray page = fetch(QUrl(u"http://127.0.0.1:%1/index.html"_s.arg(local)));
        QVERIFY2(page.contains("Hello through the tunnel"), page.constData());
        // A second request: each connection gets a tunnel of its own.
        QVERIFY(fetch(QUrl(u"http://127.0.0.1:%1/index.html"_s.arg(local)))
                    .contains("Hello through the tunnel"));
        QCOMPARE(forwarder.stop(SIGINT), 0);
        QVERIFY(canListenOn(local)); // the listener went with it
    }

    void bytesRoundTripOnAFreeLocalPort()
    {
        Forwarder forwarder(m_environment, {u"web"_s, u":%1"_s.arg(m_space.echoPort())});
        const quint16 local = forwarder.waitForForwarding();
        QVERIFY2(local != 0, forwarder.output().constData());
        const QByteArray payload = patternPayload(4 * 1024 * 1024, 5);
        // No half-close: a tunnel carries whole connections (WebSocket has no half-close).
        QTcpSocket client;
        QByteArray echoed;
        connect(&client, &QTcpSocket::readyRead, this, [&] { echoed += client.readAll(); });
        client.connectToHost(QHostAddress::LocalHost, local);
        QVERIFY(client.waitForConnected(5000));
        client.write(payload);
        QTRY_VERIFY_WITH_TIMEOUT(echoed.size() >= payload.size() ||
                                     client.state() != QAbstractSocket::ConnectedState,
                                 30000);
        QCOMPARE(echoed.size(), payload.size());
        QVERIFY(echoed == payload);
        client.close();
        QCOMPARE(forwarder.stop(SIGTERM), 0);
    }

    void refusalsAreOneSentence_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("badToken");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("sentence");
        QTest::newRow("stopped space")
            << QStringList{u"idle"_s, u"8000"_s} << false << 1 << u"space 'idle' is not running"_s;
        QTest::newRow("unknown space")
            << QStringList{u"nosuch"_s, u"8000"_s} << false << 1 << u"no space named 'nosuch'"_s;
        QTest::newRow("bad remote port")
            << QStringList{u"web"_s, u"8000:abc"_s} << false << 2 << u"Invalid remote port 'abc'"_s;
        QTest::newRow("bad local port") << QStringList{u"web"_s, u"99999:8000"_s} << false << 2
                                        << u"Invalid local port '99999'"_s;
        QTest::newRow("token refused")
            << QStringList{u"web"_s, u"8000"_s} << true << 1 << u"not valid"_s;
    }
    void refusalsAreOneSentence()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, badToken);
        QFETCH(int, exitCode);
        QFETCH(QString, sentence);
        QProcessEnvironment environment = m_environment;
        if (badToken)
            environment.insert(u"SPACES_TOKEN"_s, u"not-a-token"_s);
        const SpacectlResult result =
            SpacectlRunner(environment).run(QStringList{u"forward"_s} + arguments, 30000);
        SPACECTL_COMPARE_EXIT(result, exitCode);
        QVERIFY2(result.err.contains(sentence), result.describe().constData());
        QVERIFY(!result.out.contains(u"Forwarding"_s));
    }

    void aLocalPortInUseIsRefused()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        const SpacectlResult result =
            SpacectlRunner(m_environment)
                .run({u"forward"_s, u"web"_s,
                      u"%1:%2"_s.arg(taken.serverPort()).arg(m_space.webPort())},
                     30000);
        SPACECTL_COMPARE_EXIT(result, 1);
        QVERIFY2(result.err.contains(u"Local port %1 is already in use"_s.arg(taken.serverPort())),
                 result.describe().constData());
    }

private:
    TestServer m_server;
    TunnelSpace m_space;
    QProcessEnvironment m_environment;
};

QTEST_GUILESS_MAIN(SpacectlForwardTest)
#include "tst_spacectl_forward.moc"
