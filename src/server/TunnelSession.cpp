#include "TunnelSession.h"

#include "ErrnoText.h"

#include <QPointer>
#include <QSocketNotifier>
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace spaces {

Q_LOGGING_CATEGORY(lcTunnel, "spaces.tunnel", QtWarningMsg)

namespace {

// One read of the port; a frame of at most this much.
constexpr qsizetype ChunkBytes = 64 * 1024;
// Reads per wake-up, so one busy tunnel cannot keep the Qt thread from other requests.
constexpr int ReadsPerWakeUp = 8;
// Pause reading the port above this many queued bytes, resume at a quarter of it.
constexpr std::size_t PreferredHighWater = 256 * 1024;
// Stop reading the socket's frames above this many bytes the port has not taken.
constexpr qsizetype ToPortHighWater = 512 * 1024;
// RFC 6455's "internal error": the tunnel's far end failed.
constexpr std::uint16_t InternalError = 1011;

} // namespace

TunnelSession::TunnelSession(quint16 port, QObject *parent)
    : QObject(parent)
    , m_port(port)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (m_connecting)
            return failConnect(ETIMEDOUT);
        qCDebug(lcTunnel) << "port" << m_port << "did not take the last" << m_toPort.size()
                          << "bytes";
        finish();
    });
}

TunnelSession::~TunnelSession()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void TunnelSession::connectToPort()
{
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return failConnect(errno);
    m_readable = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    m_readable->setEnabled(false); // until the socket is there
    connect(m_readable, &QSocketNotifier::activated, this, &TunnelSession::readFromPort);
    m_writable = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    m_writable->setEnabled(false);
    connect(m_writable, &QSocketNotifier::activated, this, &TunnelSession::onWritable);

    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(m_port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    m_connecting = true;
    int result = 0;
    do {
        result = ::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address);
    } while (result != 0 && errno == EINTR);
    if (result == 0) {
        // Reported from the event loop, like every other outcome.
        QMetaObject::invokeMethod(this, &TunnelSession::connectDone, Qt::QueuedConnection);
        return;
    }
    if (errno != EINPROGRESS) {
        const int error = errno;
        QMetaObject::invokeMethod(
            this, [this, error] { failConnect(error); }, Qt::QueuedConnection);
        return;
    }
    m_writable->setEnabled(true);
    m_deadline.start(ConnectTimeout);
}

void TunnelSession::onWritable()
{
    if (!m_connecting)
        return writeToPort();
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        error = errno;
    if (error != 0)
        return failConnect(error);
    connectDone();
}

void TunnelSession::connectDone()
{
    m_connecting = false;
    m_deadline.stop();
    m_writable->setEnabled(false);
    qCDebug(lcTunnel) << "connected to port" << m_port;
    Q_EMIT connected();
}

void TunnelSession::failConnect(int error)
{
    m_connecting = false;
    m_deadline.stop();
    if (m_writable)
        m_writable->setEnabled(false);
    QString sentence;
    if (error == ECONNREFUSED)
        sentence =
            QStringLiteral("connection refused on port %1: nothing listens there").arg(m_port);
    else if (error == ETIMEDOUT)
        sentence = QStringLiteral("port %1 did not accept the connection within %2 s")
                       .arg(m_port)
                       .arg(ConnectTimeout.count() / 1000);
    else
        sentence = QStringLiteral("could not connect to port %1: %2")
                       .arg(m_port)
                       .arg(ErrnoText::describe(error));
    qCDebug(lcTunnel) << sentence;
    Q_EMIT connectFailed(sentence);
}

std::size_t TunnelSession::highWater() const
{
    // Well below the transport's limit, which would drop the reader: one more chunk always fits.
    const std::size_t limit = m_channel ? m_channel->bufferLimit() : PreferredHighWater;
    return std::max<std::size_t>(1, std::min(PreferredHighWater, limit / 4));
}

void TunnelSession::attach(std::shared_ptr<WebSocketChannel> channel)
{
    if (m_finished || m_detached)
        return;
    m_channel = std::move(channel);
    m_readable->setEnabled(true);
}

void TunnelSession::receive(const QByteArray &message)
{
    if (m_finished || m_detached || message.isEmpty())
        return;
    m_toPort += message;
    writeToPort();
    if (!m_finished && !m_socketPaused && m_toPort.size() > ToPortHighWater && m_channel) {
        m_socketPaused = true;
        m_channel->pauseReading();
    }
}

void TunnelSession::writeToPort()
{
    while (!m_toPort.isEmpty() && m_fd >= 0) {
        const ssize_t written =
            ::send(m_fd, m_toPort.constData(), static_cast<size_t>(m_toPort.size()), MSG_NOSIGNAL);
        if (written > 0) {
            m_toPort.remove(0, written);
            continue;
        }
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            m_writable->setEnabled(true); // go on when the port reads
            return;
        }
        const int error = errno;
        m_toPort.clear();
        if (m_detached)
            return finish();
        return endFromPort(InternalError, QStringLiteral("connection to port %1 failed: %2")
                                              .arg(m_port)
                                              .arg(ErrnoText::describe(error))
                                              .toUtf8());
    }
    m_writable->setEnabled(false);
    if (m_detached)
        return finish(); // everything it was owed is out
    if (m_socketPaused && m_toPort.size() <= ToPortHighWater / 4 && m_channel) {
        m_socketPaused = false;
        m_channel->resumeReading();
    }
}

void TunnelSession::readFromPort()
{
    if (!m_channel || m_finished)
        return;
    for (int i = 0; i < ReadsPerWakeUp; ++i) {
        if (m_channel->queuedBytes() >= highWater())
            return pauseReadingPort();
        QByteArray chunk(ChunkBytes, Qt::Uninitialized);
        const ssize_t got = ::recv(m_fd, chunk.data(), ChunkBytes, 0);
        if (got > 0) {
            chunk.truncate(got);
            m_channel->send(chunk, true);
            continue;
        }
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (got == 0)
            return endFromPort(WebSocketChannel::NormalClosure, QByteArray("port ") +
                                                                    QByteArray::number(m_port) +
                                                                    " closed the connection");
        return endFromPort(InternalError, QStringLiteral("connection to port %1 failed: %2")
                                              .arg(m_port)
                                              .arg(ErrnoText::describe(errno))
                                              .toUtf8());
    }
}

void TunnelSession::pauseReadingPort()
{
    if (m_portPaused)
        return;
    m_portPaused = true;
    m_readable->setEnabled(false);
    QPointer<TunnelSession> self(this);
    m_channel->notifyWhenBelow(highWater() / 4, [self] {
        // On the Qt thread (or at once, inside this call): only schedule the work.
        if (self)
            QMetaObject::invokeMethod(self, &TunnelSession::resumeReadingPort,
                                      Qt::QueuedConnection);
    });
}

void TunnelSession::resumeReadingPort()
{
    if (!m_portPaused)
        return;
    m_portPaused = false;
    if (m_finished || m_detached)
        return;
    m_readable->setEnabled(true);
    readFromPort();
}

void TunnelSession::endFromPort(std::uint16_t code, const QByteArray &reason)
{
    qCDebug(lcTunnel) << "port" << m_port << "ended:" << reason;
    // The close frame goes after the frames queued before it: the port's last bytes arrive.
    if (m_channel)
        m_channel->close(code, reason);
    finish();
}

void TunnelSession::detach()
{
    if (m_detached || m_finished)
        return;
    m_detached = true;
    m_channel.reset();
    if (m_readable)
        m_readable->setEnabled(false);
    if (m_connecting || m_toPort.isEmpty() || m_fd < 0)
        return finish();
    // What the client sent before it closed still reaches the port, for a while.
    m_deadline.start(FlushGrace);
    writeToPort();
}

void TunnelSession::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_connecting = false;
    m_deadline.stop();
    if (m_readable)
        m_readable->setEnabled(false);
    if (m_writable)
        m_writable->setEnabled(false);
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    Q_EMIT finished();
}

} // namespace spaces
