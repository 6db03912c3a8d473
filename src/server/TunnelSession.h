#pragma once

#include "WebSocketChannel.h"

#include <QByteArray>
#include <QLoggingCategory>
#include <QObject>
#include <QTimer>
#include <memory>

class QSocketNotifier;

namespace spaces {

Q_DECLARE_LOGGING_CATEGORY(lcTunnel)

// One TCP connection to 127.0.0.1:port (a port of a space: local spaces share the host's
// network) behind one WebSocket whose binary frames carry its bytes both ways. Everything runs
// on the Qt thread without blocking it: the connect is non-blocking and reported by
// connected()/connectFailed() (so that a refusal is still a plain HTTP answer), and each
// direction is flow-controlled: the port is read only while the socket's send queue is below
// a mark, and the socket's frames are read only while the bytes the port has not taken yet
// are below another. Either side ending ends both: the port's EOF or error closes the socket
// (1000 or 1011, with the reason); the socket's end writes what the port is still owed, then
// closes the TCP connection. finished() comes once, when nothing of it is left.
class TunnelSession final : public QObject
{
    Q_OBJECT

public:
    explicit TunnelSession(quint16 port, QObject *parent = nullptr);
    ~TunnelSession() override;

    void connectToPort();
    void attach(std::shared_ptr<WebSocketChannel> channel);
    void receive(const QByteArray &message);
    // The socket closed, failed, or never opened.
    void detach();

    quint16 port() const { return m_port; }

    // How long the port may take to accept the connection.
    static constexpr std::chrono::milliseconds ConnectTimeout{10000};
    // How long the port may take to read what it is still owed once the socket has gone.
    static constexpr std::chrono::milliseconds FlushGrace{5000};

Q_SIGNALS:
    void connected();
    void connectFailed(const QString &sentence);
    void finished();

private:
    void onWritable();
    void connectDone();
    void failConnect(int error);
    void readFromPort();
    void writeToPort();
    void pauseReadingPort();
    void resumeReadingPort();
    void endFromPort(std::uint16_t code, const QByteArray &reason);
    void finish();
    std::size_t highWater() const;

    const quint16 m_port;
    int m_fd = -1;
    std::shared_ptr<WebSocketChannel> m_channel;
    QSocketNotifier *m_readable = nullptr;
    QSocketNotifier *m_writable = nullptr;
    QTimer m_deadline; // the connect's, then the flush's after a detach
    QByteArray m_toPort;
    bool m_connecting = false;
    bool m_portPaused = false;   // the socket's send queue is full
    bool m_socketPaused = false; // the port does not take what the socket sends
    bool m_detached = false;
    bool m_finished = false;
};

} // namespace spaces
