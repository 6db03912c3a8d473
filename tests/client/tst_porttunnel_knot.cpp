// PortTunnel against the Knot simulator's tunnel route (binary frames both ways to a real TCP
// echo on loopback, as Knot's agent relays inside a space): bytes round-trip intact through
// the local port, both ends close together, and a refused upgrade (a stopped space) is told
// with Knot's own sentence, learnt by asking the route once more without the upgrade.
#include "KnotSimulator.h"
#include "PortTunnel.h"
#include "SpaceTestKit.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;

class PortTunnelKnotTest final : public QObject
{
    Q_OBJECT

private:
    ConnectionSettings settings() const
    {
        ConnectionSettings result;
        result.baseUrl = m_knot.url();
        result.token = KnotSimulator::Token;
        return result;
    }

    KnotSimulator m_knot;
    EchoServer m_echo;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_knot.listen());
        QVERIFY(m_echo.isListening());
    }

    void bytesRoundTripThroughTheLocalPort()
    {
        const QString id = m_knot.addSpace(u"tunnelled"_s, true);
        PortTunnel tunnel(settings(), id, m_echo.port());
        QSignalSpy failures(&tunnel, &PortTunnel::connectionFailed);
        const Expected<quint16> local = tunnel.listen(0);
        QVERIFY2(local, local ? "" : qPrintable(local.error().message));

        QTcpSocket client;
        QByteArray echoed;
        connect(&client, &QTcpSocket::readyRead, this, [&] { echoed += client.readAll(); });
        client.connectToHost(QHostAddress::LocalHost, *local);
        QVERIFY(client.waitForConnected(5000));
        const QByteArray payload = patternPayload(2 * 1024 * 1024, 9);
        client.write(payload);
        QTRY_VERIFY_WITH_TIMEOUT(echoed.size() >= payload.size(), 20000);
        QVERIFY(echoed == payload);
        QCOMPARE(tunnel.openConnections(), 1);
        QCOMPARE(m_knot.tunnels().tunnelsOpened(), 1);

        client.disconnectFromHost();
        QTRY_COMPARE(tunnel.openConnections(), 0);
        QCOMPARE(failures.count(), 0);
    }

    void aRefusedUpgradeGivesKnotsSentence()
    {
        const QString id = m_knot.addSpace(u"sleeping"_s, false);
        PortTunnel tunnel(settings(), id, m_echo.port());
        QSignalSpy failures(&tunnel, &PortTunnel::connectionFailed);
        const Expected<quint16> local = tunnel.listen(0);
        QVERIFY(local);
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, *local);
        QVERIFY(client.waitForConnected(5000));
        QVERIFY(failures.wait(10000));
        QCOMPARE(failures.first().first().toString(),
                 u"The server refused the tunnel (HTTP 400): Space is not running"_s);
        // The local connection is ended, not left hanging.
        QTRY_COMPARE(client.state(), QAbstractSocket::UnconnectedState);
        QTRY_COMPARE(tunnel.openConnections(), 0);
    }
};

QTEST_GUILESS_MAIN(PortTunnelKnotTest)
#include "tst_porttunnel_knot.moc"
