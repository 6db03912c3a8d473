#include "RawHttpConnection.h"

#include <QDeadlineTimer>
#include <QList>
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace spaces::test {

QByteArray RawHttpConnection::Response::header(QByteArrayView name) const
{
    const QList<QByteArray> lines = head.split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 &&
            QByteArrayView(line.left(colon).trimmed()).compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

RawHttpConnection::RawHttpConnection(const QUrl &server, int receiveBuffer)
{
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return;
    if (receiveBuffer > 0)
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(quint16(server.port()));
    ::inet_pton(AF_INET, server.host().toLatin1().constData(), &address.sin_addr);
    if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

RawHttpConnection::~RawHttpConnection()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool RawHttpConnection::send(const QByteArray &bytes, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    qsizetype done = 0;
    while (m_fd >= 0 && done < bytes.size()) {
        pollfd ready{m_fd, POLLOUT, 0};
        if (::poll(&ready, 1, int(deadline.remainingTime())) <= 0)
            return false;
        if (ready.revents & (POLLERR | POLLHUP))
            return false;
        const ssize_t sent = ::send(m_fd, bytes.constData() + done, size_t(bytes.size() - done),
                                    MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0 && errno != EAGAIN && errno != EINTR)
            return false;
        if (sent > 0)
            done += sent;
    }
    return m_fd >= 0;
}

bool RawHttpConnection::fill(int timeoutMs)
{
    if (m_fd < 0 || m_ended)
        return false;
    pollfd ready{m_fd, POLLIN, 0};
    if (::poll(&ready, 1, timeoutMs) <= 0)
        return false;
    char chunk[65536];
    const ssize_t got = ::recv(m_fd, chunk, sizeof chunk, MSG_DONTWAIT);
    if (got > 0) {
        m_buffer.append(chunk, got);
        return true;
    }
    if (got < 0 && (errno == EAGAIN || errno == EINTR))
        return true;
    m_ended = true; // EOF or reset
    return false;
}

bool RawHttpConnection::waitForData(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (m_buffer.isEmpty()) {
        if (!fill(int(deadline.remainingTime())))
            return false;
    }
    return true;
}

RawHttpConnection::Response RawHttpConnection::readResponse(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    Response response;
    qsizetype end = -1;
    while ((end = m_buffer.indexOf("\r\n\r\n")) < 0) {
        if (!fill(int(deadline.remainingTime())))
            return response;
    }
    response.head = m_buffer.left(end);
    m_buffer.remove(0, end + 4);
    const QList<QByteArray> words = response.head.split('\r').first().split(' ');
    const int status = words.value(1).toInt();
    bool hasLength = false;
    qsizetype length = response.header("Content-Length").toLongLong(&hasLength);
    if (status < 200 || status == 204 || status == 304) {
        hasLength = true; // interim and empty answers have no body
        length = 0;
    }
    while (hasLength ? m_buffer.size() < length : !m_ended) {
        if (!fill(int(deadline.remainingTime())) && (hasLength || !m_ended))
            return response;
    }
    response.body = hasLength ? m_buffer.left(length) : m_buffer;
    m_buffer.remove(0, response.body.size());
    response.status = status;
    return response;
}

bool RawHttpConnection::waitForClose(int timeoutMs, qint64 *bytesRead)
{
    const QDeadlineTimer deadline(timeoutMs);
    qint64 count = m_buffer.size();
    m_buffer.clear();
    // At least one look, so that a zero timeout asks "closed by now?".
    do {
        fill(int(deadline.remainingTime()));
        count += m_buffer.size();
        m_buffer.clear();
    } while (!m_ended && !deadline.hasExpired());
    if (bytesRead)
        *bytesRead = count;
    return m_ended;
}

QByteArray RawHttpConnection::upgradeRequest(const QString &path, const QString &token)
{
    QByteArray request = "GET " + path.toUtf8() +
                         " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
                         "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    if (!token.isEmpty())
        request += "Authorization: Bearer " + token.toUtf8() + "\r\n";
    return request + "\r\n";
}

QString RawHttpConnection::refusedUpgrade(const QUrl &server, const QString &path,
                                          const QString &token, int status, const QString &sentence)
{
    RawHttpConnection connection(server);
    if (!connection.send(upgradeRequest(path, token)))
        return QStringLiteral("the upgrade request could not be sent");
    const Response response = connection.readResponse();
    if (response.status != status) {
        return QStringLiteral("status %1, not %2: %3")
            .arg(response.status)
            .arg(status)
            .arg(QString::fromUtf8(response.body));
    }
    if (!response.body.contains(sentence.toUtf8()))
        return QStringLiteral("the body lacks '%1': %2")
            .arg(sentence, QString::fromUtf8(response.body));
    if (!response.header("Upgrade").isEmpty())
        return QStringLiteral("the refusal carries an Upgrade header");
    return {};
}

} // namespace spaces::test
