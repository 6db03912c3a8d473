#pragma once

#include "Expected.h"
#include "HttpLimits.h"

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <memory>

namespace spaces {

class HttpHandler;

// The HTTP/1.1 (and HTTPS, SSE, WebSocket) transport on Boost.Beast: accepts connections on
// a small pool of I/O threads and hands admitted requests to `handler` on the thread of
// `qtContext`. Nothing of Beast shows in this header: routes see HttpRequest, HttpResponder,
// HttpStream and WebSocketChannel only.
class HttpServer final
{
public:
    struct TlsFiles
    {
        QString certificate; // PEM chain
        QString privateKey;  // PEM
    };

    HttpServer(const HttpLimits &limits, HttpHandler &handler, QObject &qtContext);
    ~HttpServer();
    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    // The port listened on (`port` 0: any free one). With `tls` every connection is HTTPS.
    Expected<quint16> listen(const QHostAddress &address, quint16 port,
                             const TlsFiles *tls = nullptr);
    void stop();
    std::size_t connectionCount() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace spaces
