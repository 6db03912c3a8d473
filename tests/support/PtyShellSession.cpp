#include "PtyShellSession.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <QWebSocket>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace spaces::test {

namespace {

constexpr char ResizeFrameTag = 0x01;
// Unsent bytes above which the PTY is not read: the shell blocks on a full PTY instead.
constexpr qint64 SendBacklogBytes = 1024 * 1024;
constexpr qsizetype ReadChunkBytes = 64 * 1024;

} // namespace

PtyShellSession::PtyShellSession(QWebSocket *socket, const QString &shellPath,
                                 const QString &workdir, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
{
    socket->setParent(this);
    const QByteArray shell = shellPath.toLocal8Bit();
    const QByteArray dir = workdir.toLocal8Bit();
    struct winsize size = {};
    size.ws_row = 24;
    size.ws_col = 80;
    const pid_t pid = forkpty(&m_master, nullptr, nullptr, &size);
    if (pid < 0) {
        m_error = QString::fromLocal8Bit(strerror(errno));
        socket->close(QWebSocketProtocol::CloseCodeAbnormalDisconnection, m_error);
        return;
    }
    if (pid == 0) {
        // The child: only async-signal-safe work until exec.
        if (!dir.isEmpty() && chdir(dir.constData()) != 0)
            _exit(126);
        setenv("TERM", "xterm-256color", 1);
        setenv("PS1", "$ ", 1);
        unsetenv("PROMPT_COMMAND");
        const char *name = shell.constData();
        if (shell.endsWith("bash"))
            execl(name, name, "--noprofile", "--norc", "-i", static_cast<char *>(nullptr));
        else
            execl(name, name, "-i", static_cast<char *>(nullptr));
        _exit(127);
    }
    m_pid = pid;
    fcntl(m_master, F_SETFL, fcntl(m_master, F_GETFL) | O_NONBLOCK);
    fcntl(m_master, F_SETFD, FD_CLOEXEC);
    m_notifier = new QSocketNotifier(m_master, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &PtyShellSession::onPtyReadable);
    connect(socket, &QWebSocket::binaryMessageReceived, this, &PtyShellSession::onMessage);
    connect(socket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { onMessage(text.toUtf8()); });
    connect(socket, &QWebSocket::disconnected, this, &PtyShellSession::onSocketClosed);
    connect(socket, &QWebSocket::bytesWritten, this, &PtyShellSession::onBytesWritten);
}

PtyShellSession::~PtyShellSession()
{
    reapShell(true);
}

void PtyShellSession::onPtyReadable()
{
    QByteArray chunk(ReadChunkBytes, Qt::Uninitialized);
    const ssize_t got = ::read(m_master, chunk.data(), size_t(chunk.size()));
    if (got > 0) {
        chunk.truncate(got);
        if (m_socket)
            m_socket->sendBinaryMessage(chunk);
        if (m_socket && m_socket->bytesToWrite() > SendBacklogBytes)
            m_notifier->setEnabled(false);
        return;
    }
    if (got < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    // EIO: every slave end is closed, the shell has exited.
    m_notifier->setEnabled(false);
    reapShell(false);
    if (m_socket)
        m_socket->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("shell exited"));
    Q_EMIT finished();
}

void PtyShellSession::onBytesWritten()
{
    if (m_notifier && m_pid > 0 && m_socket && m_socket->bytesToWrite() <= SendBacklogBytes)
        m_notifier->setEnabled(true);
}

void PtyShellSession::onMessage(const QByteArray &bytes)
{
    if (m_master < 0 || m_pid <= 0)
        return;
    if (bytes.startsWith(ResizeFrameTag)) {
        const QJsonObject size = QJsonDocument::fromJson(bytes.mid(1)).object();
        struct winsize window = {};
        window.ws_col = static_cast<unsigned short>(size.value(QStringLiteral("cols")).toInt());
        window.ws_row = static_cast<unsigned short>(size.value(QStringLiteral("rows")).toInt());
        if (window.ws_col > 0 && window.ws_row > 0)
            ioctl(m_master, TIOCSWINSZ, &window); // the kernel sends SIGWINCH
        return;
    }
    qsizetype written = 0;
    while (written < bytes.size()) {
        const ssize_t put =
            ::write(m_master, bytes.constData() + written, size_t(bytes.size() - written));
        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0)
            break; // a test's keystrokes fit in the PTY's buffer; more is dropped
        written += put;
    }
}

void PtyShellSession::dropConnection()
{
    if (m_socket)
        m_socket->abort();
}

void PtyShellSession::onSocketClosed()
{
    reapShell(true);
    Q_EMIT finished();
}

void PtyShellSession::reapShell(bool hangUp)
{
    if (m_pid > 0) {
        if (hangUp) {
            // forkpty made the shell a session leader: its group is its pid.
            ::kill(-m_pid, SIGHUP);
            ::kill(-m_pid, SIGCONT);
            int status = 0;
            // A shell that ignores SIGHUP is not worth waiting for in a test.
            for (int attempt = 0; attempt < 200; ++attempt) {
                if (::waitpid(m_pid, &status, WNOHANG) != 0)
                    break;
                if (attempt == 100)
                    ::kill(-m_pid, SIGKILL);
                ::usleep(1000);
            }
            ::kill(-m_pid, SIGKILL);
        }
        int status = 0;
        ::waitpid(m_pid, &status, hangUp ? WNOHANG : 0);
        m_pid = -1;
    }
    if (m_notifier) {
        m_notifier->setEnabled(false);
        m_notifier->deleteLater();
        m_notifier = nullptr;
    }
    if (m_master >= 0) {
        ::close(m_master);
        m_master = -1;
    }
}

} // namespace spaces::test
