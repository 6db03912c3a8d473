#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace spaces::test {

// One TCP connection to a server for bytes no HTTP client library would send: framing
// errors, pipelining, endless bodies, slow readers. Blocking, with a deadline on every wait
// (poll), never a sleep.
class RawHttpConnection final
{
public:
    struct Response
    {
        int status = 0; // 0: no complete answer in time
        QByteArray head;
        QByteArray body;
        QByteArray header(QByteArrayView name) const;
    };

    // `receiveBuffer` > 0 shrinks SO_RCVBUF before connecting (a slow reader's small window).
    explicit RawHttpConnection(const QUrl &server, int receiveBuffer = 0);
    ~RawHttpConnection();
    RawHttpConnection(const RawHttpConnection &) = delete;
    RawHttpConnection &operator=(const RawHttpConnection &) = delete;

    bool isOpen() const { return m_fd >= 0; }
    // Sends all of `bytes`; false when the peer closed or reset first, or the time ran out.
    bool send(const QByteArray &bytes, int timeoutMs = 10000);
    // Whether the first bytes of an answer are there (read, not yet taken) within
    // `timeoutMs`: how long a server took to begin answering.
    bool waitForData(int timeoutMs = 10000);
    // One response with a Content-Length body (or a body up to the close).
    Response readResponse(int timeoutMs = 10000);
    // A WebSocket upgrade request for `path`, with a bearer token unless it is empty.
    static QByteArray upgradeRequest(const QString &path, const QString &token);
    // Sends that upgrade and checks that it is refused before the upgrade, as plain HTTP: the
    // status, a body holding `sentence`, no Upgrade header. Empty when so; else what differed.
    static QString refusedUpgrade(const QUrl &server, const QString &path, const QString &token,
                                  int status, const QString &sentence);

    // Reads and drops until the server closes or resets the connection (true) or the time is
    // up (false). `bytesRead` counts what came before the end.
    bool waitForClose(int timeoutMs = 10000, qint64 *bytesRead = nullptr);

private:
    // Reads what is there into m_buffer, waiting up to `timeoutMs`; false at the end/error.
    bool fill(int timeoutMs);

    int m_fd = -1;
    QByteArray m_buffer;
    bool m_ended = false;
};

} // namespace spaces::test
