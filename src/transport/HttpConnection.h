#pragma once

#include "HttpSession.h"
#include "RequestFraming.h"
#include "TransportContext.h"

#include <QHostAddress>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace spaces {

using PlainStream = boost::asio::ip::tcp::socket;
using TlsStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

// One HTTP/1.1 connection, plain or TLS, on its own strand: reads each request's head, lets
// the Qt side admit it before a byte of body is read, hands whole requests over, and writes
// the answers back in request order (pipelining). Deadlines: idle keep-alive, whole request
// (slowloris), each write. Instantiated for PlainStream and TlsStream in the .cpp.
template<typename Stream>
class HttpConnection final : public HttpSession,
                             public std::enable_shared_from_this<HttpConnection<Stream>>
{
public:
    HttpConnection(Stream stream, std::shared_ptr<TransportContext> context, QHostAddress peer);
    ~HttpConnection() override;

    void start(std::uint64_t registryId);
    // From the registry, any thread: close this (idle) connection to make room.
    void evict();

    void answer(std::uint64_t sequence, HttpResponse response) override;
    void openStream(std::uint64_t sequence, HttpResponse head,
                    std::shared_ptr<std::atomic_bool> open) override;
    void writeStream(QByteArray bytes) override;
    void closeStream() override;
    void upgrade(std::uint64_t sequence, std::shared_ptr<WebSocketHandler> handler) override;

private:
    using Request = RequestFraming::Header;
    enum class Deadline
    {
        None,
        Idle,
        Request,
        Drain,
    };
    struct Slot
    {
        enum class Kind
        {
            Waiting,
            Answer,
            Streaming,
            Upgrade,
        };
        std::uint64_t sequence = 0;
        Kind kind = Kind::Waiting;
        QByteArray bytes;
        bool keepAlive = true;
        std::shared_ptr<std::atomic_bool> streamOpen;
        std::shared_ptr<WebSocketHandler> webSocket;
        std::optional<Request> request; // for an upgrade
        // "METHOD target" and when it came, kept only while spaces.http traces requests.
        QByteArray traced;
        std::chrono::steady_clock::time_point received;
    };

    boost::asio::ip::tcp::socket &socket();
    template<typename Work> void onStrand(Work work);
    void readNext();
    // The first bytes of a request came (or the wait for them failed).
    void onFirstBytes(const boost::system::error_code &error);
    void readHeader();
    void onHeader(const boost::system::error_code &error);
    void admitted(std::uint64_t sequence, std::optional<HttpResponse> refusal, bool handled);
    void onBody(std::uint64_t sequence, const boost::system::error_code &error);
    void dispatch(std::uint64_t sequence, HttpRequest request);
    void refuse(HttpResponse response);
    Slot *slot(std::uint64_t sequence);
    void finish(std::uint64_t sequence, HttpResponse response, bool close);
    void flush();
    void startWebSocket(Slot &slot);
    void queue(QByteArray bytes);
    void writeNext();
    void updateIdle();
    void lingeringClose();
    void drainSome();
    void watchPeer();
    void closeNow();
    void arm(Deadline kind, std::chrono::milliseconds after);
    void disarm(Deadline kind);

    // First, so it goes last: it keeps the I/O context alive for the socket below.
    std::shared_ptr<TransportContext> m_context;
    Stream m_stream;
    boost::asio::any_io_executor m_executor;
    QHostAddress m_peer;
    std::uint64_t m_registryId = 0;
    boost::beast::flat_buffer m_buffer;
    std::optional<RequestFraming::Parser> m_parser;
    bool m_requestKeepAlive = true;
    bool m_requestUpgrade = false;

    boost::asio::steady_timer m_deadline;
    Deadline m_deadlineKind = Deadline::None;
    std::uint64_t m_deadlineGeneration = 0;
    boost::asio::steady_timer m_writeDeadline;
    std::uint64_t m_writeGeneration = 0;

    std::deque<Slot> m_slots;
    std::uint64_t m_nextSequence = 0;
    std::deque<QByteArray> m_out;
    std::size_t m_outBytes = 0;
    std::size_t m_writingCount = 0;

    bool m_reading = false;
    bool m_awaitingFirstByte = false;
    bool m_awaitingAdmission = false;
    bool m_idle = false;
    bool m_stopReading = false;
    bool m_closeAfterWrite = false;
    bool m_lingering = false;
    bool m_closed = false;
    bool m_handedOver = false; // to a WebSocket session
    std::shared_ptr<std::atomic_bool> m_streamOpen;
    std::vector<char> m_drain;
    std::size_t m_drained = 0;
};

} // namespace spaces
