// The limits on what a server's answer may cost the client: a body over the cap (announced,
// endless or merely huge) ends the call with BadResponse and a sentence, an error answer is
// read only as far as its sentence, and the process's memory stays far below the body's size.
#include "CallbackProbe.h"
#include "FakeKnotServer.h"
#include "PeakMemory.h"
#include "SpacesClient.h"

#include <QTest>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Kind = ApiError::Kind;

namespace {

constexpr qint64 MiB = 1024 * 1024;
// Far below the 200 MiB sent, above the 64 MiB the client may hold and Qt's own needs.
constexpr qint64 MemoryCeiling = 140 * MiB;

} // namespace

class ResponseLimitsTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeKnotServer> m_server;
    std::unique_ptr<SpacesClient> m_client;
    std::unique_ptr<QObject> m_context;

    void makeClient(qint64 maxResponseBytes = ConnectionSettings::DefaultMaxResponseBytes)
    {
        m_client.reset();
        ConnectionSettings settings;
        settings.baseUrl = m_server->url();
        settings.token = u"tok-123"_s;
        settings.requestTimeout = 30s;
        settings.maxResponseBytes = maxResponseBytes;
        m_client = std::make_unique<SpacesClient>(settings);
    }
    QString tooLarge(const QString &size) const
    {
        return u"The answer from %1 was larger than %2"_s.arg(m_server->url().toString(), size);
    }
    // The peak resident memory must not show the body.
    static bool memoryStayedBounded(QByteArray *why)
    {
        const qint64 peak = PeakMemory::residentHighWater();
        *why = "VmHWM " + QByteArray::number(peak / MiB) + " MiB";
        return peak > 0 && peak < MemoryCeiling;
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<FakeKnotServer>();
        QVERIFY(m_server->listen());
        m_context = std::make_unique<QObject>();
        makeClient();
    }

    void cleanup()
    {
        m_client.reset();
        m_context.reset();
        m_server.reset();
    }

    // First, while the process is small: its high-water mark is the measure of the rest.
    void hugeBodyIsCutOff()
    {
        m_server->on("GET", "/api/ping", FakeResponse::flood(200 * MiB, "{\"version\":\""));
        CallbackProbe<QString> probe;
        m_client->ping(m_context.get(), probe.callback());
        QVERIFY2(probe.wait(60000), "no answer");
        QVERIFY2(!probe.ok(), probe.describe().constData());
        QCOMPARE(probe.error().kind(), Kind::BadResponse);
        QCOMPARE(probe.error().message, tooLarge(u"64 MiB"_s));
        QCOMPARE(probe.calls(), 1);
        QVERIFY(m_server->floodBytesWritten() < 200 * MiB);
        QByteArray why;
        QVERIFY2(memoryStayedBounded(&why), why.constData());
    }

    void endlessBodyIsCutOff()
    {
        m_server->on("GET", "/api/ping", FakeResponse::flood(-1));
        CallbackProbe<QString> probe;
        m_client->ping(m_context.get(), probe.callback());
        QVERIFY2(probe.wait(60000), "no answer");
        QCOMPARE(probe.error().kind(), Kind::BadResponse);
        QCOMPARE(probe.error().message, tooLarge(u"64 MiB"_s));
        QByteArray why;
        QVERIFY2(memoryStayedBounded(&why), why.constData());
    }

    void announcedLengthOverTheCapIsRefusedUpFront()
    {
        m_server->on("GET", "/api/ping", FakeResponse::flood(200 * MiB, {}, true));
        CallbackProbe<QString> probe;
        m_client->ping(m_context.get(), probe.callback());
        QVERIFY2(probe.wait(30000), "no answer");
        QCOMPARE(probe.error().kind(), Kind::BadResponse);
        QCOMPARE(probe.error().message, tooLarge(u"64 MiB"_s));
        // Refused at the headers: only what the socket buffers took was ever sent.
        QVERIFY2(m_server->floodBytesWritten() < 32 * MiB,
                 QByteArray::number(m_server->floodBytesWritten()).constData());
    }

    void bodyOfExactlyTheCapPasses()
    {
        makeClient(64 * 1024);
        const QByteArray head = "{\"version\":\"";
        const QByteArray tail = "\"}";
        const QByteArray body =
            head + QByteArray(64 * 1024 - head.size() - tail.size(), 'v') + tail;
        QCOMPARE(body.size(), 64 * 1024);
        m_server->on("GET", "/api/ping", FakeResponse::raw(200, body, "application/json"));
        CallbackProbe<QString> fits;
        m_client->ping(m_context.get(), fits.callback());
        SPACES_WAIT_OK(fits);

        m_server->on(
            "GET", "/api/ping",
            FakeResponse::raw(200, head + 'v' + body.mid(head.size()), "application/json"));
        CallbackProbe<QString> over;
        m_client->ping(m_context.get(), over.callback());
        SPACES_WAIT_ERROR(over, Kind::BadResponse);
        QCOMPARE(over.error().message, tooLarge(u"64 KiB"_s));
    }

    void endlessErrorBodyGivesItsStatus()
    {
        // Only the start of an error answer is read: the call ends with its status.
        FakeResponse response = FakeResponse::flood(-1, "{\"error\":\"");
        response.status = 502;
        m_server->on("GET", "/api/ping", response);
        CallbackProbe<QString> probe;
        m_client->ping(m_context.get(), probe.callback());
        SPACES_WAIT_ERROR(probe, Kind::Server);
        QCOMPARE(probe.error().status, 502);
        QCOMPARE(probe.error().message,
                 u"The server answered with status 502 and no explanation"_s);
        QVERIFY(m_server->floodBytesWritten() < 32 * MiB);
    }
};

QTEST_GUILESS_MAIN(ResponseLimitsTest)
#include "tst_responselimits.moc"
