#pragma once

#include "HttpConnection.h"
#include "WebSocketHandler.h"

#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>

namespace spaces {

// One WebSocket after the HTTP upgrade was admitted and accepted by a route: reads frames and
// hands each message to the handler on the Qt thread, writes queued frames in order, and drops
// a reader that lets more than the stream buffer limit pile up (a flow-controlled sender never
// lets it: see WebSocketBacklog). Idle peers get pings; one that answers nothing within the
// idle timeout is closed.
template<typename Stream>
class WebSocketSession final : public std::enable_shared_from_this<WebSocketSession<Stream>>
{
public:
    WebSocketSession(Stream stream, std::shared_ptr<TransportContext> context,
                     std::shared_ptr<WebSocketHandler> handler, std::uint64_t registryId);
    ~WebSocketSession();

    void accept(RequestFraming::Header request);

private:
    template<typename Work> void onStrand(Work work);
    void readNext();
    void setReadPaused(bool paused);
    void send(QByteArray message, bool binary);
    void writeNext();
    void closeGracefully(std::uint16_t code, QByteArray reason);
    void written(std::size_t bytes);
    void closeNow();

    // First, so it goes last: it keeps the I/O context alive for the socket below.
    std::shared_ptr<TransportContext> m_context;
    boost::beast::websocket::stream<Stream> m_socket;
    boost::asio::any_io_executor m_executor;
    std::shared_ptr<WebSocketHandler> m_handler;
    std::uint64_t m_registryId = 0;
    boost::beast::flat_buffer m_buffer;
    std::deque<std::pair<QByteArray, bool>> m_out;
    std::size_t m_outBytes = 0;
    std::shared_ptr<WebSocketBacklog> m_backlog = std::make_shared<WebSocketBacklog>();
    boost::beast::websocket::close_reason m_closeReason{
        boost::beast::websocket::close_code::normal};
    bool m_writing = false;
    bool m_reading = false;
    bool m_readPaused = false;
    std::shared_ptr<WebSocketSession> m_heldWhilePaused; // see setReadPaused()
    bool m_closed = false;
    bool m_closeWanted = false;
    bool m_closing = false;
    std::shared_ptr<std::atomic_bool> m_open = std::make_shared<std::atomic_bool>(false);
};

} // namespace spaces
