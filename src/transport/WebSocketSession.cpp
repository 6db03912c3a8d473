#include "WebSocketSession.h"

#include <boost/asio/post.hpp>

namespace spaces {

namespace asio = boost::asio;
namespace websocket = boost::beast::websocket;
using boost::system::error_code;

template<typename Stream>
WebSocketSession<Stream>::WebSocketSession(Stream stream, std::shared_ptr<TransportContext> context,
                                           std::shared_ptr<WebSocketHandler> handler,
                                           std::uint64_t registryId)
    : m_context(std::move(context))
    , m_socket(std::move(stream))
    , m_executor(m_socket.get_executor())
    , m_handler(std::move(handler))
    , m_registryId(registryId)
{
    m_socket.read_message_max(m_context->limits.maxBodyBytes);
    // Beast's server defaults, with keep-alive pings: a peer that vanished without a FIN (a
    // laptop lid closed) would otherwise hold its terminal and shell for ever.
    websocket::stream_base::timeout timeouts =
        websocket::stream_base::timeout::suggested(boost::beast::role_type::server);
    timeouts.handshake_timeout = m_context->limits.requestTimeout;
    timeouts.idle_timeout = m_context->limits.idleTimeout;
    timeouts.keep_alive_pings = true;
    m_socket.set_option(timeouts);
}

template<typename Stream> WebSocketSession<Stream>::~WebSocketSession()
{
    m_context->registry.remove(m_registryId);
}

template<typename Stream> template<typename Work> void WebSocketSession<Stream>::onStrand(Work work)
{
    asio::post(m_executor, [self = this->shared_from_this(), work = std::move(work)]() mutable {
        (void)self;
        work();
    });
}

template<typename Stream> void WebSocketSession<Stream>::accept(RequestFraming::Header request)
{
    m_socket.async_accept(request, [self = this->shared_from_this()](const error_code &error) {
        if (error) {
            qCDebug(lcHttp) << "WebSocket handshake failed:" << error.message().c_str();
            return self->closeNow();
        }
        self->m_open->store(true);
        const std::weak_ptr<WebSocketSession> weak = self;
        auto channel = std::make_shared<WebSocketChannel>(
            [weak](QByteArray message, bool binary) {
                if (const auto session = weak.lock()) {
                    session->onStrand([session, message = std::move(message), binary]() mutable {
                        session->send(std::move(message), binary);
                    });
                }
            },
            [weak](std::uint16_t code, QByteArray reason) {
                if (const auto session = weak.lock())
                    session->onStrand([session, code, reason = std::move(reason)]() mutable {
                        session->closeGracefully(code, std::move(reason));
                    });
            },
            self->m_open, self->m_backlog, self->m_context->limits.maxStreamBufferBytes,
            [weak](bool paused) {
                if (const auto session = weak.lock())
                    session->onStrand([session, paused] { session->setReadPaused(paused); });
            });
        self->m_context->onQtThread(
            [handler = self->m_handler, channel] { handler->opened(channel); });
        self->readNext();
    });
}

template<typename Stream> void WebSocketSession<Stream>::setReadPaused(bool paused)
{
    m_readPaused = paused;
    // Pending reads and writes are what keep a session alive; paused with nothing to write,
    // it has none, so it holds itself until it reads again or closes.
    m_heldWhilePaused = paused && !m_closed ? this->shared_from_this() : nullptr;
    if (!paused && !m_reading)
        readNext();
}

template<typename Stream> void WebSocketSession<Stream>::readNext()
{
    if (m_readPaused || m_reading || m_closed)
        return;
    m_reading = true;
    m_socket.async_read(
        m_buffer, [self = this->shared_from_this()](const error_code &error, std::size_t) {
            self->m_reading = false;
            if (error) {
                qCDebug(lcHttp) << "WebSocket read ended:" << error.message().c_str();
                return self->closeNow();
            }
            const auto data = self->m_buffer.cdata();
            QByteArray message(static_cast<const char *>(data.data()),
                               static_cast<qsizetype>(data.size()));
            self->m_buffer.consume(self->m_buffer.size());
            const bool binary = self->m_socket.got_binary();
            self->m_context->onQtThread([handler = self->m_handler, message, binary] {
                handler->received(message, binary);
            });
            self->readNext();
        });
}

template<typename Stream> void WebSocketSession<Stream>::send(QByteArray message, bool binary)
{
    const auto size = static_cast<std::size_t>(message.size());
    if (m_closed)
        return written(size);
    if (m_outBytes + size > m_context->limits.maxStreamBufferBytes) {
        qCDebug(lcHttp) << "dropping a WebSocket reader that fell behind";
        written(size);
        return closeNow();
    }
    m_outBytes += static_cast<std::size_t>(message.size());
    m_out.emplace_back(std::move(message), binary);
    writeNext();
}

template<typename Stream> void WebSocketSession<Stream>::writeNext()
{
    if (m_writing || m_closed)
        return;
    if (m_out.empty()) {
        if (m_closeWanted)
            closeGracefully(m_closeReason.code, {});
        return;
    }
    m_writing = true;
    m_socket.binary(m_out.front().second);
    const QByteArray &front = m_out.front().first;
    m_socket.async_write(asio::buffer(front.constData(), static_cast<std::size_t>(front.size())),
                         [self = this->shared_from_this()](const error_code &error, std::size_t) {
                             self->m_writing = false;
                             if (error)
                                 return self->closeNow();
                             const auto size =
                                 static_cast<std::size_t>(self->m_out.front().first.size());
                             self->m_outBytes -= size;
                             self->m_out.pop_front();
                             self->written(size);
                             self->writeNext();
                         });
}

template<typename Stream> void WebSocketSession<Stream>::written(std::size_t bytes)
{
    if (std::function<void()> drained = m_backlog->removed(bytes))
        m_context->onQtThread(std::move(drained));
}

template<typename Stream>
void WebSocketSession<Stream>::closeGracefully(std::uint16_t code, QByteArray reason)
{
    if (m_closed || m_closing)
        return;
    // A close frame is a write: it waits for the frames queued before it.
    if (!m_closeWanted) {
        m_closeReason.code = code;
        m_closeReason.reason.assign(reason.constData(), static_cast<std::size_t>(reason.size()));
    }
    m_closeWanted = true;
    if (m_writing || !m_out.empty())
        return;
    m_closing = true;
    m_socket.async_close(
        m_closeReason, [self = this->shared_from_this()](const error_code &) { self->closeNow(); });
}

template<typename Stream> void WebSocketSession<Stream>::closeNow()
{
    // Released at the end of this call, not in the middle of it.
    const std::shared_ptr<WebSocketSession> held = std::move(m_heldWhilePaused);
    if (m_closed)
        return;
    m_closed = true;
    const bool wasOpen = m_open->exchange(false);
    error_code ignored;
    boost::beast::get_lowest_layer(m_socket).close(ignored);
    m_context->registry.remove(m_registryId);
    if (wasOpen)
        m_context->onQtThread([handler = m_handler] { handler->closed(); });
}

template class WebSocketSession<PlainStream>;
template class WebSocketSession<TlsStream>;

} // namespace spaces
