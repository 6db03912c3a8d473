// EventStream against a fake Knot server: events from a stream written in awkward chunks,
// a dropped stream resumed with reloadNeeded, the backoff growing and resetting, refusals
// with the server's sentence, and a silent stream counted as dead.
#include "EventStream.h"
#include "FakeKnotServer.h"
#include "FreePort.h"
#include "KnotPayloads.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace spaces;
using namespace spaces::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using State = EventStream::State;

namespace {

QByteArray message(const char *type, const QString &id, const QString &userId)
{
    return "event: message\ndata: {\"type\":\"" + QByteArray(type) + "\",\"payload\":{\"id\":\"" +
           id.toUtf8() + "\",\"user_id\":\"" + userId.toUtf8() + "\"}}\n\n";
}

const QByteArray Connected = "event: connected\ndata: {}\n\n";

} // namespace

class EventStreamTest final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeKnotServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<EventStream> m_stream;

    void makeStream(const QUrl &url = {})
    {
        m_stream.reset();
        ConnectionSettings settings;
        settings.baseUrl = url.isEmpty() ? m_server->url() : url;
        settings.token = u"tok-123"_s;
        m_stream = std::make_unique<EventStream>(settings, m_network.get());
        // Fast retries for the tests; the growth and the cap are what matter.
        m_stream->setBackoffLimits(20ms, 160ms);
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<FakeKnotServer>();
        QVERIFY(m_server->listen());
        m_network = std::make_unique<QNetworkAccessManager>();
        makeStream();
    }

    void cleanup()
    {
        m_stream.reset();
        m_network.reset();
        m_server.reset();
    }

    void defaults()
    {
        ConnectionSettings settings{m_server->url(), u"t"_s, 60s};
        EventStream stream(settings, nullptr);
        QCOMPARE(stream.state(), State::Stopped);
        QCOMPARE(stream.currentBackoff(), EventStream::MinimumBackoff);
        QCOMPARE(EventStream::MinimumBackoff, 1000ms);
        QCOMPARE(EventStream::MaximumBackoff, 30000ms);
        QCOMPARE(EventStream::SilenceTimeout, 15000ms);
        QVERIFY(!stream.disconnectedSince().isValid());
    }

    void requestHeaders()
    {
        m_server->on("GET", "/api/events", FakeResponse::stream({Connected}));
        m_stream->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_stream->state(), State::Live, 5000);
        const QList<RecordedRequest> requests = m_server->requests("GET", "/api/events");
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests.first().header("Authorization"), QByteArray("Bearer tok-123"));
        QCOMPARE(requests.first().header("X-Knot-Api-Version"), QByteArray("2025-03-10"));
        QCOMPARE(requests.first().header("Accept"), QByteArray("text/event-stream"));
    }

    void eventsBecomeSignals()
    {
        const QString other = knot::OtherSpaceId;
        m_server->on(
            "GET", "/api/events",
            FakeResponse::stream({Connected, ": keep-alive\n\n",
                                  message("space:changed", knot::SpaceId, knot::UserId),
                                  "event: message\ndata: "
                                  "{\"type\":\"session:changed\",\"payload\":{\"id\":\"x\"}}\n\n",
                                  message("space:deleted", other, knot::UserId)}));
        QSignalSpy changed(m_stream.get(), &EventStream::spaceChanged);
        QSignalSpy deleted(m_stream.get(), &EventStream::spaceDeleted);
        QSignalSpy reload(m_stream.get(), &EventStream::reloadNeeded);
        QSignalSpy states(m_stream.get(), &EventStream::stateChanged);
        m_stream->start();
        QTRY_COMPARE_WITH_TIMEOUT(deleted.size(), 1, 5000);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toString(), knot::SpaceId);
        QCOMPARE(changed.first().at(1).toString(), knot::UserId);
        QCOMPARE(deleted.first().at(0).toString(), other);
        QCOMPARE(deleted.first().at(1).toString(), knot::UserId);
        // The first connection is no reconnect.
        QCOMPARE(reload.size(), 0);
        QCOMPARE(states.size(), 2);
        QCOMPARE(states.at(0).at(0).value<State>(), State::Connecting);
        QCOMPARE(states.at(1).at(0).value<State>(), State::Live);
        m_stream->stop();
        QCOMPARE(m_stream->state(), State::Stopped);
        QCOMPARE(states.last().at(0).value<State>(), State::Stopped);
    }

    // The same stream over HTTP, cut into pieces of n bytes (n = 1 splits at every boundary),
    // with chunked transfer encoding (as Go writes it) and without (read until close).
    void awkwardChunks_data()
    {
        QTest::addColumn<int>("pieceSize");
        QTest::addColumn<bool>("chunked");
        QTest::addColumn<bool>("crlf");
        for (const int size : {1, 2, 3, 7}) {
            for (const bool chunked : {true, false}) {
                for (const bool crlf : {false, true}) {
                    QTest::addRow("%d bytes, %s, %s", size, chunked ? "chunked" : "raw",
                                  crlf ? "crlf" : "lf")
                        << size << chunked << crlf;
                }
            }
        }
    }

    void awkwardChunks()
    {
        QFETCH(int, pieceSize);
        QFETCH(bool, chunked);
        QFETCH(bool, crlf);
        QByteArray all = "\xEF\xBB\xBF" + Connected + ": keep-alive\n\n" +
                         message("space:changed", knot::SpaceId, knot::UserId) +
                         message("space:deleted", knot::OtherSpaceId, knot::UserId);
        if (crlf)
            all.replace("\n", "\r\n");
        QList<QByteArray> pieces;
        for (qsizetype at = 0; at < all.size(); at += pieceSize)
            pieces.append(all.mid(at, pieceSize));
        FakeResponse answer = FakeResponse::stream(pieces);
        answer.chunkedEncoding = chunked;
        answer.chunkIntervalMs = 0;
        m_server->on("GET", "/api/events", answer);
        QSignalSpy changed(m_stream.get(), &EventStream::spaceChanged);
        QSignalSpy deleted(m_stream.get(), &EventStream::spaceDeleted);
        m_stream->start();
        QTRY_COMPARE_WITH_TIMEOUT(deleted.size(), 1, 10000);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toString(), knot::SpaceId);
        QCOMPARE(deleted.first().at(0).toString(), knot::OtherSpaceId);
        QCOMPARE(m_stream->state(), State::Live);
    }

    void droppedAndResumed()
    {
        m_server->on("GET", "/api/events", FakeResponse::stream({Connected}));
        QSignalSpy reload(m_stream.get(), &EventStream::reloadNeeded);
        QSignalSpy errors(m_stream.get(), &EventStream::connectionError);
        QSignalSpy changed(m_stream.get(), &EventStream::spaceChanged);
        QSignalSpy states(m_stream.get(), &EventStream::stateChanged);
        m_stream->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_stream->state(), State::Live, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openStreams(), 1, 5000);
        m_server->pushToStreams(message("space:changed", knot::SpaceId, knot::UserId));
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 5000);
        QCOMPARE(reload.size(), 0);

        bool lostSinceKnown = false;
        QObject guard;
        connect(m_stream.get(), &EventStream::connectionError, &guard, [this, &lostSinceKnown] {
            lostSinceKnown = m_stream->disconnectedSince().isValid();
        });
        m_server->dropStreams();
        QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, 5000);
        QCOMPARE(errors.first().at(0).toString(),
                 u"The event stream from %1 was closed"_s.arg(m_server->url().toString()));
        QVERIFY(lostSinceKnown);

        QTRY_COMPARE_WITH_TIMEOUT(reload.size(), 1, 5000);
        QCOMPARE(m_stream->state(), State::Live);
        QVERIFY(!m_stream->disconnectedSince().isValid());
        QCOMPARE(m_server->count("GET", "/api/events"), 2);
        // Events flow again on the new connection.
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openStreams(), 1, 5000);
        m_server->pushToStreams(message("space:changed", knot::OtherSpaceId, knot::UserId));
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, 5000);
        QCOMPARE(changed.last().at(0).toString(), knot::OtherSpaceId);

        QList<State> seen;
        for (const QList<QVariant> &arguments : std::as_const(states))
            seen.append(arguments.at(0).value<State>());
        const QList<State> expected{State::Connecting, State::Live, State::Waiting,
                                    State::Connecting, State::Live};
        QCOMPARE(seen, expected);
        QCOMPARE(reload.size(), 1);
    }

    void streamEndingByItselfIsResumed()
    {
        // A server that ends the stream after a few events (a proxy timeout, a restart).
        m_server->once("GET", "/api/events", FakeResponse::stream({Connected}, true));
        m_server->on("GET", "/api/events", FakeResponse::stream({Connected}));
        QSignalSpy reload(m_stream.get(), &EventStream::reloadNeeded);
        m_stream->start();
        QTRY_COMPARE_WITH_TIMEOUT(reload.size(), 1, 5000);
        QCOMPARE(m_stream->state(), State::Live);
    }

    void backoffGrowsAndResets()
    {
        // Refused until the server is ready: 20, 40, 80, 160, 160 ms (capped), then live.
        m_server->on("GET", "/api/events", FakeResponse::error(503, u"events are not available"_s));
        QList<std::chrono::milliseconds> waits;
        QObject guard;
        connect(m_stream.get(), &EventStream::connectionError, &guard,
                [this, &waits] { waits.append(m_stream->currentBackoff()); });
        QSignalSpy reload(m_stream.get(), &EventStream::reloadNeeded);
        m_stream->start();
        QTRY_VERIFY_WITH_TIMEOUT(waits.size() >= 6, 10000);
        const QList<std::chrono::milliseconds> expected{20ms, 40ms, 80ms, 160ms, 160ms, 160ms};
        QCOMPARE(waits.mid(0, 6), expected);

        // The server recovers: live again, and the backoff starts over.
        m_server->on("GET", "/api/events", FakeResponse::stream({Connected}));
        QTRY_COMPARE_WITH_TIMEOUT(m_stream->state(), State::Live, 5000);
        QCOMPARE(m_stream->currentBackoff(), 20ms);
        QCOMPARE(reload.size(), 1); // failed attempts came first: events may have been missed
        waits.clear();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openStreams(), 1, 5000);
        m_server->dropStreams();
        QTRY_COMPARE_WITH_TIMEOUT(waits.size(), 1, 5000);
        QCOMPARE(waits.first(), 20ms);
        QTRY_COMPARE_WITH_TIMEOUT(reload.size(), 2, 5000);
    }

    void refusedConnectionIsRetried()
    {
        const quint16 port = spaces::test::freeTcpPort();
        QUrl url;
        url.setScheme(u"http"_s);
        url.setHost(u"127.0.0.1"_s);
        url.setPort(port);
        makeStream(url);
        QSignalSpy errors(m_stream.get(), &EventStream::connectionError);
        m_stream->start();
        QTRY_VERIFY_WITH_TIMEOUT(errors.size() >= 3, 5000);
        QCOMPARE(errors.first().at(0).toString(),
                 u"Cannot reach http://127.0.0.1:%1: connection refused"_s.arg(port));
        // Never connected: no "lost since".
        QVERIFY(!m_stream->disconnectedSince().isValid());
        m_stream->stop();
        QCOMPARE(m_stream->state(), State::Stopped);
    }

    void unauthorizedGivesTheServersSentence()
    {
        m_server->on("GET", "/api/events",
                     FakeResponse::error(401, u"Authentication token is not valid"_s));
        QSignalSpy errors(m_stream.get(), &EventStream::connectionError);
        m_stream->start();
        QTRY_VERIFY_WITH_TIMEOUT(errors.size() >= 1, 5000);
        QCOMPARE(errors.first().at(0).toString(), u"Authentication token is not valid"_s);
        QVERIFY(m_stream->state() == State::Waiting || m_stream->state() == State::Connecting);
        m_stream->stop();
    }

    void lineWithoutEndIsDroppedAndResumed()
    {
        // A line that never ends (and an event larger than allowed) is a stream to leave:
        // a sentence, a reconnect, a reload.
        FakeResponse endless = FakeResponse::flood(-1, Connected + "event: message\ndata: ");
        endless.contentType = "text/event-stream";
        m_server->once("GET", "/api/events", endless);
        m_server->on("GET", "/api/events", FakeResponse::stream({Connected}));
        QSignalSpy errors(m_stream.get(), &EventStream::connectionError);
        QSignalSpy reload(m_stream.get(), &EventStream::reloadNeeded);
        m_stream->start();
        QTRY_VERIFY_WITH_TIMEOUT(errors.size() >= 1, 20000);
        QCOMPARE(errors.first().at(0).toString(),
                 u"The event stream from %1 sent an event larger than 1 MiB"_s.arg(
                     m_server->url().toString()));
        QTRY_COMPARE_WITH_TIMEOUT(m_stream->state(), State::Live, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(reload.size(), 1, 5000);
        QCOMPARE(m_server->count("GET", "/api/events"), 2);
        // Cut off soon after the limit, not read on and on.
        QVERIFY(m_server->floodBytesWritten() < 64 * 1024 * 1024);
        m_stream->stop();
    }

    void notAnEventStream()
    {
        m_server->on("GET", "/api/events", FakeResponse::json({{u"status"_s, true}}));
        QSignalSpy errors(m_stream.get(), &EventStream::connectionError);
        QSignalSpy reload(m_stream.get(), &EventStream::reloadNeeded);
        m_stream->start();
        QTRY_VERIFY_WITH_TIMEOUT(errors.size() >= 1, 5000);
        QCOMPARE(errors.first().at(0).toString(),
                 u"The server at %1 did not answer with an event stream"_s.arg(
                     m_server->url().toString()));
        QCOMPARE(reload.size(), 0);
        m_stream->stop();
    }

    void silentStreamCountsAsDead()
    {
        m_stream->setSilenceTimeout(300ms);
        m_server->once("GET", "/api/events", FakeResponse::stream({Connected}));
        FakeResponse chatty = FakeResponse::stream({Connected});
        m_server->on("GET", "/api/events", chatty);
        QSignalSpy errors(m_stream.get(), &EventStream::connectionError);
        QSignalSpy reload(m_stream.get(), &EventStream::reloadNeeded);
        m_stream->start();
        QTRY_VERIFY_WITH_TIMEOUT(errors.size() >= 1, 5000);
        QCOMPARE(
            errors.first().at(0).toString(),
            u"The event stream from %1 was silent for 0.3 s"_s.arg(m_server->url().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(reload.size() >= 1, 5000);
        QVERIFY(m_server->count("GET", "/api/events") >= 2);
    }

    void keepAlivesKeepTheStreamAlive()
    {
        m_stream->setSilenceTimeout(400ms);
        QList<QByteArray> pieces{Connected};
        for (int i = 0; i < 12; ++i)
            pieces.append(": keep-alive\n\n");
        FakeResponse answer = FakeResponse::stream(pieces);
        answer.chunkIntervalMs = 100; // 1.2 s of keep-alives, each well within the timeout
        m_server->on("GET", "/api/events", answer);
        QSignalSpy errors(m_stream.get(), &EventStream::connectionError);
        QSignalSpy sent(m_server.get(), &FakeKnotServer::streamChunksSent);
        m_stream->start();
        // The keep-alives take 1.2 s, three times the silence timeout.
        QVERIFY(sent.wait(5000));
        QCOMPARE(m_stream->state(), State::Live);
        QCOMPARE(errors.size(), 0);
        QCOMPARE(m_server->count("GET", "/api/events"), 1);
    }

    void stopWhileWaitingStaysStopped()
    {
        m_server->on("GET", "/api/events", FakeResponse::error(503, u"later"_s));
        m_stream->setBackoffLimits(100ms, 100ms);
        QSignalSpy errors(m_stream.get(), &EventStream::connectionError);
        m_stream->start();
        QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, 5000);
        m_stream->stop();
        const int requests = m_server->count("GET", "/api/events");
        // Longer than the backoff: no retry may come.
        QVERIFY(!QTest::qWaitFor(
            [this, requests] { return m_server->count("GET", "/api/events") > requests; }, 400));
        QCOMPARE(m_server->count("GET", "/api/events"), requests);
        QCOMPARE(m_stream->state(), State::Stopped);
    }

    void restartAfterStopIsAFirstConnection()
    {
        m_server->on("GET", "/api/events", FakeResponse::stream({Connected}));
        QSignalSpy reload(m_stream.get(), &EventStream::reloadNeeded);
        m_stream->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_stream->state(), State::Live, 5000);
        m_stream->stop();
        m_stream->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_stream->state(), State::Live, 5000);
        QCOMPARE(reload.size(), 0);
    }
};

QTEST_GUILESS_MAIN(EventStreamTest)
#include "tst_eventstream.moc"
