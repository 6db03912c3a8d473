#pragma once

#include <QObject>
#include <QWebSocketServer>

class QTcpSocket;

namespace spaces::test {

// The port tunnel of the test servers (Knot's GET /proxy/spaces/{space}/port/{port}): each
// WebSocket handed over relays binary frames both ways to a TCP connection to
// 127.0.0.1:port, as Knot's agent does inside the space; either side closing ends both. A
// port nobody listens on closes the socket at once (Knot upgrades first and fails after).
class KnotTunnelServer final : public QObject
{
    Q_OBJECT

public:
    explicit KnotTunnelServer(QObject *parent = nullptr);
    ~KnotTunnelServer() override;

    // Takes a TCP connection whose upgrade request has not been read yet.
    void takeConnection(QTcpSocket *socket);
    int tunnelsOpened() const { return m_opened; }

    // The port of a tunnel route's path, 0 when it names none.
    static quint16 portOf(const QString &path);

private:
    void onNewConnection();

    QWebSocketServer m_server;
    int m_opened = 0;
};

} // namespace spaces::test
