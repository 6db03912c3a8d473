#include "TerminalSession.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSocketNotifier>
#include <cerrno>
#include <unistd.h>

namespace spaces {

Q_LOGGING_CATEGORY(lcTerminal, "spaces.terminal", QtWarningMsg)

namespace {

// One read of the master; a frame of at most this much.
constexpr qsizetype ChunkBytes = 64 * 1024;
// Reads per wake-up, so one busy shell cannot keep the Qt thread from other requests.
constexpr int ReadsPerWakeUp = 4;
// Pause reading above this many queued bytes, resume at a quarter of it.
constexpr std::size_t PreferredHighWater = 256 * 1024;
// Keystrokes (a big paste) the shell has not taken yet; beyond, input is dropped.
constexpr qsizetype MaxPendingInput = 1024 * 1024;
constexpr char ResizeMarker = '\x01';

} // namespace

TerminalSession::TerminalSession(PtyProcess process, QObject *parent)
    : QObject(parent)
    , m_process(std::move(process))
{
    m_output = new QSocketNotifier(m_process.masterFd(), QSocketNotifier::Read, this);
    m_output->setEnabled(false); // until the socket is there
    connect(m_output, &QSocketNotifier::activated, this, &TerminalSession::readOutput);
    m_input = new QSocketNotifier(m_process.masterFd(), QSocketNotifier::Write, this);
    m_input->setEnabled(false);
    connect(m_input, &QSocketNotifier::activated, this, &TerminalSession::writeInput);
    if (m_process.exitFd() >= 0) {
        m_exit = new QSocketNotifier(m_process.exitFd(), QSocketNotifier::Read, this);
        connect(m_exit, &QSocketNotifier::activated, this, &TerminalSession::onExited);
    } else {
        m_exitPoll.setInterval(100);
        connect(&m_exitPoll, &QTimer::timeout, this, &TerminalSession::onExited);
        m_exitPoll.start();
    }
    m_killTimer.setSingleShot(true);
    m_killTimer.setInterval(HangUpGrace);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        qCDebug(lcTerminal) << "shell" << m_process.sessionLeader() << "ignored its hang-up";
        m_process.kill();
    });
}

TerminalSession::~TerminalSession() = default;

std::size_t TerminalSession::highWater() const
{
    // Well below the transport's limit, which would drop the reader: one more chunk always fits.
    const std::size_t limit = m_channel ? m_channel->bufferLimit() : PreferredHighWater;
    return std::max<std::size_t>(1, std::min(PreferredHighWater, limit / 4));
}

void TerminalSession::attach(std::shared_ptr<WebSocketChannel> channel)
{
    m_channel = std::move(channel);
    if (!m_outputEnded)
        m_output->setEnabled(true);
    finishIfDone();
}

void TerminalSession::receive(const QByteArray &message, bool binary)
{
    if (m_detached || m_outputEnded)
        return;
    if (binary && message.startsWith(ResizeMarker))
        return resize(message.mid(1));
    if (m_pendingInput.size() + message.size() > MaxPendingInput) {
        qCWarning(lcTerminal) << "dropping input the shell does not read";
        return;
    }
    m_pendingInput += message;
    writeInput();
}

void TerminalSession::resize(const QByteArray &json)
{
    const QJsonObject size = QJsonDocument::fromJson(json).object();
    const int columns = size.value(QStringLiteral("cols")).toInt();
    const int rows = size.value(QStringLiteral("rows")).toInt();
    if (columns <= 0 || rows <= 0 || columns > 10000 || rows > 10000) {
        qCDebug(lcTerminal) << "ignoring a resize frame without sizes:" << json.left(100);
        return;
    }
    m_process.resize(static_cast<unsigned short>(columns), static_cast<unsigned short>(rows));
}

void TerminalSession::writeInput()
{
    while (!m_pendingInput.isEmpty() && m_process.masterFd() >= 0) {
        const ssize_t written = ::write(m_process.masterFd(), m_pendingInput.constData(),
                                        static_cast<size_t>(m_pendingInput.size()));
        if (written > 0) {
            m_pendingInput.remove(0, written);
            continue;
        }
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            m_input->setEnabled(true); // the shell is busy: go on when it reads
            return;
        }
        m_pendingInput.clear(); // EIO: nobody holds the terminal any more
    }
    m_input->setEnabled(false);
}

void TerminalSession::readOutput()
{
    if (!m_channel)
        return;
    for (int i = 0; i < ReadsPerWakeUp; ++i) {
        if (m_channel->queuedBytes() >= highWater())
            return pause();
        QByteArray chunk(ChunkBytes, Qt::Uninitialized);
        const ssize_t got = ::read(m_process.masterFd(), chunk.data(), ChunkBytes);
        if (got > 0) {
            chunk.truncate(got);
            m_channel->send(chunk, true);
            continue;
        }
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            finishIfDone(); // the shell exited and its last output is out
            return;
        }
        // EIO: every holder of the terminal is gone.
        m_outputEnded = true;
        m_output->setEnabled(false);
        finishIfDone();
        return;
    }
}

void TerminalSession::pause()
{
    if (m_paused)
        return;
    m_paused = true;
    m_output->setEnabled(false);
    QPointer<TerminalSession> self(this);
    m_channel->notifyWhenBelow(highWater() / 4, [self] {
        // On the Qt thread (or at once, inside this call): only schedule the work.
        if (self)
            QMetaObject::invokeMethod(self, &TerminalSession::resume, Qt::QueuedConnection);
    });
}

void TerminalSession::resume()
{
    if (!m_paused)
        return;
    m_paused = false;
    if (!m_outputEnded && !m_detached)
        m_output->setEnabled(true);
    readOutput();
}

void TerminalSession::onExited()
{
    if (!m_process.reap())
        return;
    if (m_exit)
        m_exit->setEnabled(false);
    m_exitPoll.stop();
    m_killTimer.stop();
    qCDebug(lcTerminal) << "shell" << m_process.sessionLeader() << "exited" << *m_process.reap();
    if (!m_detached && m_channel && !m_paused)
        readOutput(); // its last words, then close
    finishIfDone();
}

void TerminalSession::finishIfDone()
{
    if (m_finished || !m_process.hasEnded())
        return;
    if (!m_detached) {
        if (!m_channel)
            return; // the socket is still opening: close it once it is there
        // Output still waiting in the PTY goes out first (unless flow control holds it).
        if (m_paused)
            return;
        char probe = 0;
        if (!m_outputEnded && m_process.masterFd() >= 0) {
            const ssize_t got = ::read(m_process.masterFd(), &probe, 1);
            if (got > 0) {
                m_channel->send(QByteArray(1, probe), true);
                QMetaObject::invokeMethod(this, &TerminalSession::readOutput, Qt::QueuedConnection);
                return;
            }
        }
        m_channel->close(WebSocketChannel::NormalClosure,
                         "exit " + QByteArray::number(*m_process.reap()));
    }
    m_finished = true;
    m_output->setEnabled(false);
    m_input->setEnabled(false);
    m_process.hangUp(); // closes the master: a background job holding it gets its SIGHUP
    Q_EMIT finished();
}

void TerminalSession::detach()
{
    if (m_detached)
        return;
    m_detached = true;
    m_output->setEnabled(false);
    m_input->setEnabled(false);
    m_channel.reset();
    if (m_process.hasEnded())
        return finishIfDone();
    qCDebug(lcTerminal) << "hanging up shell" << m_process.sessionLeader();
    m_process.hangUp();
    m_killTimer.start();
}

} // namespace spaces
