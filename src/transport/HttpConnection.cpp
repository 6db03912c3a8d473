#include "HttpConnection.h"

#include "HttpHandler.h"
#include "HttpResponder.h"
#include "WebSocketSession.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/read.hpp>

namespace spaces {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;

namespace {

constexpr std::size_t DrainChunkBytes = 64 * 1024;
// What a TLS connection reads while it waits for a request: the record's first bytes.
constexpr std::size_t FirstReadBytes = 1024;
constexpr std::chrono::milliseconds DrainTime{2000};
constexpr std::size_t MaxWriteBatch = 64;

} // namespace

template<typename Stream>
HttpConnection<Stream>::HttpConnection(Stream stream, std::shared_ptr<TransportContext> context,
                                       QHostAddress peer)
    : m_context(std::move(context))
    , m_stream(std::move(stream))
    , m_executor(m_stream.get_executor())
    , m_peer(std::move(peer))
    , m_deadline(m_executor)
    , m_writeDeadline(m_executor)
{}

template<typename Stream> HttpConnection<Stream>::~HttpConnection()
{
    if (m_streamOpen)
        m_streamOpen->store(false);
    if (!m_handedOver)
        m_context->registry.remove(m_registryId);
}

template<typename Stream> asio::ip::tcp::socket &HttpConnection<Stream>::socket()
{
    if constexpr (std::is_same_v<Stream, TlsStream>)
        return m_stream.next_layer();
    else
        return m_stream;
}

template<typename Stream> template<typename Work> void HttpConnection<Stream>::onStrand(Work work)
{
    asio::post(m_executor, [self = this->shared_from_this(), work = std::move(work)]() mutable {
        (void)self;
        work();
    });
}

template<typename Stream> void HttpConnection<Stream>::start(std::uint64_t registryId)
{
    m_registryId = registryId;
    onStrand([this] {
        if constexpr (std::is_same_v<Stream, TlsStream>) {
            // The handshake is part of the first request: the same deadline covers it.
            arm(Deadline::Request, m_context->limits.requestTimeout);
            m_stream.async_handshake(asio::ssl::stream_base::server,
                                     [self = this->shared_from_this()](const error_code &error) {
                                         if (error) {
                                             qCDebug(lcHttp) << "TLS handshake failed:"
                                                             << error.message().c_str();
                                             return self->closeNow();
                                         }
                                         self->disarm(Deadline::Request);
                                         self->readNext();
                                     });
        } else {
            readNext();
        }
    });
}

template<typename Stream> void HttpConnection<Stream>::evict()
{
    onStrand([this] {
        // The registry chose it as idle; a request may have begun since. Closing it anyway
        // keeps the count honest, and HTTP lets a server close a keep-alive connection at
        // any time (clients retry idempotent requests).
        qCDebug(lcHttp) << "closing an idle connection to make room for a new one";
        m_registryId = 0; // the registry has forgotten it already
        closeNow();
    });
}

template<typename Stream> void HttpConnection<Stream>::readNext()
{
    if (m_closed || m_lingering || m_stopReading || m_reading || m_awaitingAdmission)
        return;
    if (m_slots.size() >= m_context->limits.maxPipelined)
        return; // resumed when an answer goes out
    m_parser.emplace();
    RequestFraming::prepare(*m_parser, m_context->limits);
    if (m_buffer.size() > 0)
        return readHeader();
    // Wait for the first byte on its own: until then the connection is idle (idle timeout,
    // may be evicted); from then on the request deadline runs.
    m_reading = true;
    m_awaitingFirstByte = true;
    updateIdle();
    if constexpr (std::is_same_v<Stream, TlsStream>) {
        // Through the TLS stream, not the socket: the engine may hold the request already
        // (it came with the handshake's last flight, or in a record read with the previous
        // request), and the socket would never become readable for it.
        m_stream.async_read_some(
            m_buffer.prepare(FirstReadBytes),
            [self = this->shared_from_this()](const error_code &error, std::size_t bytes) {
                self->m_buffer.commit(bytes);
                self->onFirstBytes(error);
            });
    } else {
        socket().async_wait(asio::socket_base::wait_read,
                            [self = this->shared_from_this()](const error_code &error) {
                                self->onFirstBytes(error);
                            });
    }
}

template<typename Stream> void HttpConnection<Stream>::onFirstBytes(const error_code &error)
{
    m_reading = false;
    m_awaitingFirstByte = false;
    updateIdle();
    if (m_lingering)
        return drainSome();
    if (error || m_closed)
        return closeNow();
    if (m_streamOpen)
        return watchPeer();
    readHeader();
}

template<typename Stream> void HttpConnection<Stream>::readHeader()
{
    arm(Deadline::Request, m_context->limits.requestTimeout);
    m_reading = true;
    http::async_read_header(m_stream, m_buffer, *m_parser,
                            [self = this->shared_from_this()](
                                const error_code &error, std::size_t) { self->onHeader(error); });
}

template<typename Stream> void HttpConnection<Stream>::onHeader(const error_code &error)
{
    m_reading = false;
    if (m_lingering)
        return drainSome();
    if (m_closed)
        return;
    if (error == http::error::end_of_stream || error == asio::error::eof ||
        error == asio::error::connection_reset || error == asio::error::operation_aborted) {
        return closeNow();
    }
    if (error) {
        qCDebug(lcHttp) << "refusing a malformed request:" << error.message().c_str();
        return refuse(RequestFraming::parseError(error));
    }
    if (std::optional<HttpResponse> refusal =
            RequestFraming::check(m_parser->get(), m_context->limits)) {
        return refuse(std::move(*refusal));
    }
    HttpRequest head = RequestFraming::describe(*m_parser, m_peer);
    m_requestKeepAlive = m_parser->get().keep_alive();
    m_requestUpgrade = head.webSocketUpgrade;
    const std::uint64_t sequence = m_nextSequence++;
    Slot &added = m_slots.emplace_back();
    added.sequence = sequence;
    added.keepAlive = m_requestKeepAlive;
    if (lcHttp().isDebugEnabled()) {
        added.traced = head.method + ' ' + head.target;
        added.received = std::chrono::steady_clock::now();
    }
    if (!head.bodyExpected) {
        disarm(Deadline::Request);
        if (m_requestUpgrade)
            added.request = m_parser->release();
    }
    m_awaitingAdmission = true;
    // The connection waits for this answer with no I/O pending: the call keeps it alive.
    m_context->onQtThread(
        [context = m_context, self = this->shared_from_this(), sequence, head = std::move(head)] {
            std::optional<HttpResponse> refusal = context->handler.admit(head);
            const bool handled = !refusal && !head.bodyExpected;
            // Posted before the handler can answer: the strand keeps the order.
            self->onStrand([self, sequence, refusal = std::move(refusal), handled]() mutable {
                self->admitted(sequence, std::move(refusal), handled);
            });
            if (handled)
                context->handler.handle(head, HttpResponder(self, sequence));
        });
}

template<typename Stream>
void HttpConnection<Stream>::admitted(std::uint64_t sequence, std::optional<HttpResponse> refusal,
                                      bool handled)
{
    m_awaitingAdmission = false;
    if (m_closed)
        return;
    const bool bodyUnread = m_parser && !m_parser->is_done();
    if (refusal) {
        // The body, if any, stays unread: close after the answer.
        finish(sequence, std::move(*refusal), bodyUnread || !m_requestKeepAlive);
        return;
    }
    if (!handled) {
        const auto length = m_parser->content_length();
        if (length && *length > m_context->limits.maxBodyBytes)
            return finish(sequence, RequestFraming::bodyTooLarge(m_context->limits), true);
        m_parser->body_limit(m_context->limits.maxBodyBytes);
        // A client waiting for "100 Continue" gets it now that the head is admitted; only
        // when no earlier answer is still due, which must come first.
        if (boost::beast::iequals(m_parser->get()[http::field::expect], "100-continue") &&
            m_slots.size() == 1 && m_out.empty() && m_writingCount == 0) {
            queue("HTTP/1.1 100 Continue\r\n\r\n");
            writeNext();
        }
        m_reading = true;
        http::async_read(
            m_stream, m_buffer, *m_parser,
            [self = this->shared_from_this(), sequence](const error_code &error, std::size_t) {
                self->onBody(sequence, error);
            });
        return;
    }
    if (m_requestUpgrade || !m_requestKeepAlive)
        m_stopReading = true;
    readNext();
}

template<typename Stream>
void HttpConnection<Stream>::onBody(std::uint64_t sequence, const error_code &error)
{
    m_reading = false;
    if (m_lingering)
        return drainSome();
    if (m_closed)
        return;
    if (error == http::error::body_limit)
        return finish(sequence, RequestFraming::bodyTooLarge(m_context->limits), true);
    if (error) {
        qCDebug(lcHttp) << "request body not read:" << error.message().c_str();
        return finish(sequence, RequestFraming::parseError(error), true);
    }
    disarm(Deadline::Request);
    HttpRequest request = RequestFraming::describe(*m_parser, m_peer);
    request.bodyExpected = false;
    std::string body = m_parser->release().body();
    request.body = QByteArray(body.data(), static_cast<qsizetype>(body.size()));
    dispatch(sequence, std::move(request));
    if (m_requestUpgrade || !m_requestKeepAlive)
        m_stopReading = true;
    readNext();
}

template<typename Stream>
void HttpConnection<Stream>::dispatch(std::uint64_t sequence, HttpRequest request)
{
    m_context->onQtThread([context = m_context, self = this->shared_from_this(), sequence,
                           request = std::move(request)] {
        context->handler.handle(request, HttpResponder(self, sequence));
    });
}

template<typename Stream> void HttpConnection<Stream>::refuse(HttpResponse response)
{
    const std::uint64_t sequence = m_nextSequence++;
    m_slots.emplace_back().sequence = sequence;
    finish(sequence, std::move(response), true);
}

template<typename Stream>
typename HttpConnection<Stream>::Slot *HttpConnection<Stream>::slot(std::uint64_t sequence)
{
    for (Slot &candidate : m_slots) {
        if (candidate.sequence == sequence)
            return candidate.kind == Slot::Kind::Waiting ? &candidate : nullptr;
    }
    return nullptr;
}

template<typename Stream>
void HttpConnection<Stream>::finish(std::uint64_t sequence, HttpResponse response, bool close)
{
    Slot *target = slot(sequence);
    if (!target)
        return;
    if (close) {
        target->keepAlive = false;
        m_stopReading = true;
    }
    target->kind = Slot::Kind::Answer;
    target->bytes = response.serialize(target->keepAlive);
    if (!target->traced.isEmpty()) {
        const auto took = std::chrono::duration<double, std::milli>(
            std::chrono::steady_clock::now() - target->received);
        qCDebug(lcHttp).noquote() << target->traced << "->" << response.status << "in"
                                  << took.count() << "ms";
    }
    flush();
}

template<typename Stream> void HttpConnection<Stream>::flush()
{
    while (!m_closed && !m_closeAfterWrite && !m_streamOpen && !m_slots.empty() &&
           m_slots.front().kind != Slot::Kind::Waiting) {
        Slot &front = m_slots.front();
        if (front.kind == Slot::Kind::Upgrade) {
            if (m_writingCount > 0 || !m_out.empty())
                return; // after every earlier answer is out
            return startWebSocket(front);
        }
        queue(std::move(front.bytes));
        if (front.kind == Slot::Kind::Streaming) {
            // The stream owns the connection from here on; later requests stay unanswered.
            m_streamOpen = front.streamOpen;
            m_stopReading = true;
            m_slots.clear();
            // A fixed kernel send buffer, so that what a slow reader can hold up is bounded
            // there too, and falling behind shows in our queue soon.
            error_code ignored;
            socket().set_option(asio::socket_base::send_buffer_size(int(std::min<std::size_t>(
                                    m_context->limits.maxStreamBufferBytes, 1 << 20))),
                                ignored);
            watchPeer();
            break;
        }
        const bool keepAlive = front.keepAlive;
        m_slots.pop_front();
        if (!keepAlive) {
            m_closeAfterWrite = true;
            m_slots.clear();
        }
    }
    writeNext();
    readNext();
    updateIdle();
}

template<typename Stream> void HttpConnection<Stream>::queue(QByteArray bytes)
{
    m_outBytes += static_cast<std::size_t>(bytes.size());
    m_out.push_back(std::move(bytes));
}

template<typename Stream> void HttpConnection<Stream>::writeNext()
{
    if (m_closed || m_writingCount > 0)
        return;
    if (m_out.empty()) {
        if (m_closeAfterWrite)
            lingeringClose();
        return;
    }
    std::vector<asio::const_buffer> buffers;
    for (std::size_t i = 0; i < m_out.size() && i < MaxWriteBatch; ++i)
        buffers.emplace_back(m_out[i].constData(), static_cast<std::size_t>(m_out[i].size()));
    m_writingCount = buffers.size();
    const std::uint64_t generation = ++m_writeGeneration;
    m_writeDeadline.expires_after(m_context->limits.writeTimeout);
    m_writeDeadline.async_wait(
        [self = this->shared_from_this(), generation](const error_code &error) {
            if (!error && generation == self->m_writeGeneration && self->m_writingCount > 0) {
                qCDebug(lcHttp) << "closing a connection whose reader stopped reading";
                self->closeNow();
            }
        });
    asio::async_write(
        m_stream, buffers, [self = this->shared_from_this()](const error_code &error, std::size_t) {
            self->m_writeDeadline.cancel();
            if (self->m_closed)
                return;
            if (error)
                return self->closeNow();
            for (std::size_t i = 0; i < self->m_writingCount; ++i) {
                self->m_outBytes -= static_cast<std::size_t>(self->m_out.front().size());
                self->m_out.pop_front();
            }
            self->m_writingCount = 0;
            self->flush();
        });
}

template<typename Stream> void HttpConnection<Stream>::updateIdle()
{
    const bool idle = m_awaitingFirstByte && m_slots.empty() && m_out.empty() &&
                      m_writingCount == 0 && !m_closed && !m_streamOpen;
    if (idle == m_idle)
        return;
    m_idle = idle;
    m_context->registry.setIdle(m_registryId, idle);
    if (idle)
        arm(Deadline::Idle, m_context->limits.idleTimeout);
    else
        disarm(Deadline::Idle);
}

template<typename Stream> void HttpConnection<Stream>::lingeringClose()
{
    if (m_lingering || m_closed)
        return;
    m_lingering = true;
    if constexpr (std::is_same_v<Stream, TlsStream>) {
        return closeNow();
    } else {
        // Closing with unread bytes would reset the connection and could destroy the answer
        // in flight; so stop sending, read and drop for a moment, then close.
        error_code ignored;
        socket().shutdown(asio::socket_base::shutdown_send, ignored);
        arm(Deadline::Drain, DrainTime);
        if (!m_reading)
            drainSome();
    }
}

template<typename Stream> void HttpConnection<Stream>::drainSome()
{
    if (m_closed)
        return;
    if (m_drained > 2 * m_context->limits.maxBodyBytes)
        return closeNow();
    m_drain.resize(DrainChunkBytes);
    m_reading = true;
    socket().async_read_some(
        asio::buffer(m_drain),
        [self = this->shared_from_this()](const error_code &error, std::size_t bytes) {
            self->m_reading = false;
            self->m_drained += bytes;
            if (error)
                return self->closeNow();
            self->drainSome();
        });
}

template<typename Stream> void HttpConnection<Stream>::watchPeer()
{
    // A stream only writes; reading (and dropping) is how the end of the peer shows, and the
    // pending read keeps the connection alive between writes.
    if (m_reading || m_closed)
        return;
    m_drain.resize(DrainChunkBytes);
    m_reading = true;
    m_stream.async_read_some(asio::buffer(m_drain), [self = this->shared_from_this()](
                                                        const error_code &error, std::size_t) {
        self->m_reading = false;
        if (error)
            return self->closeNow();
        self->watchPeer();
    });
}

template<typename Stream> void HttpConnection<Stream>::closeNow()
{
    if (m_closed)
        return;
    m_closed = true;
    error_code ignored;
    socket().shutdown(asio::socket_base::shutdown_both, ignored);
    socket().close(ignored);
    m_deadline.cancel();
    m_writeDeadline.cancel();
    if (m_streamOpen)
        m_streamOpen->store(false);
    m_slots.clear();
    m_context->registry.remove(m_registryId);
}

template<typename Stream>
void HttpConnection<Stream>::arm(Deadline kind, std::chrono::milliseconds after)
{
    if (m_deadlineKind == kind && kind == Deadline::Request)
        return; // one deadline for the whole request, not one per read
    m_deadlineKind = kind;
    const std::uint64_t generation = ++m_deadlineGeneration;
    m_deadline.expires_after(after);
    m_deadline.async_wait([self = this->shared_from_this(), generation](const error_code &error) {
        if (error || generation != self->m_deadlineGeneration)
            return;
        qCDebug(lcHttp) << "connection deadline passed";
        self->closeNow();
    });
}

template<typename Stream> void HttpConnection<Stream>::disarm(Deadline kind)
{
    if (m_deadlineKind != kind)
        return;
    m_deadlineKind = Deadline::None;
    ++m_deadlineGeneration;
    m_deadline.cancel();
}

template<typename Stream>
void HttpConnection<Stream>::answer(std::uint64_t sequence, HttpResponse response)
{
    onStrand([this, sequence, response = std::move(response)]() mutable {
        finish(sequence, std::move(response), false);
    });
}

template<typename Stream>
void HttpConnection<Stream>::openStream(std::uint64_t sequence, HttpResponse head,
                                        std::shared_ptr<std::atomic_bool> open)
{
    onStrand([this, sequence, head = std::move(head), open = std::move(open)]() mutable {
        Slot *target = slot(sequence);
        if (!target || m_closed) {
            open->store(false);
            return;
        }
        target->kind = Slot::Kind::Streaming;
        target->bytes = head.head(false, false);
        target->streamOpen = std::move(open);
        flush();
    });
}

template<typename Stream> void HttpConnection<Stream>::writeStream(QByteArray bytes)
{
    onStrand([this, bytes = std::move(bytes)]() mutable {
        if (m_closed || !m_streamOpen)
            return;
        if (m_outBytes + static_cast<std::size_t>(bytes.size()) >
            m_context->limits.maxStreamBufferBytes) {
            qCDebug(lcHttp) << "dropping a stream reader that fell behind";
            return closeNow();
        }
        queue(std::move(bytes));
        writeNext();
    });
}

template<typename Stream> void HttpConnection<Stream>::closeStream()
{
    onStrand([this] {
        if (m_streamOpen) {
            m_closeAfterWrite = true;
            writeNext();
        }
    });
}

template<typename Stream>
void HttpConnection<Stream>::upgrade(std::uint64_t sequence,
                                     std::shared_ptr<WebSocketHandler> handler)
{
    onStrand([this, sequence, handler = std::move(handler)]() mutable {
        Slot *target = slot(sequence);
        if (!target || m_closed)
            return;
        if (!target->request) {
            // Not an upgrade request (or one with a body): nothing to switch.
            return finish(sequence,
                          HttpResponse::error(400, QStringLiteral("not a WebSocket request")),
                          true);
        }
        target->kind = Slot::Kind::Upgrade;
        target->webSocket = std::move(handler);
        flush();
    });
}

template<typename Stream> void HttpConnection<Stream>::startWebSocket(Slot &front)
{
    m_handedOver = true;
    m_closed = true; // this object is done with the socket
    m_deadline.cancel();
    m_writeDeadline.cancel();
    auto session = std::make_shared<WebSocketSession<Stream>>(
        std::move(m_stream), m_context, std::move(front.webSocket), m_registryId);
    session->accept(std::move(*front.request));
    m_slots.clear();
}

template class HttpConnection<PlainStream>;
template class HttpConnection<TlsStream>;

} // namespace spaces
