#include "CliShell.h"

#include "CliExitCode.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QSocketNotifier>
#include <QWebSocket>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

namespace spaces {

namespace {

// The terminal as it was, for the signal handlers: they may only use async-signal-safe calls.
termios g_saved = {};
volatile sig_atomic_t g_raw = 0;
int g_winchPipe[2] = {-1, -1};

void restoreTerminal()
{
    if (g_raw) {
        ::tcsetattr(STDIN_FILENO, TCSADRAIN, &g_saved);
        g_raw = 0;
    }
}

void onFatalSignal(int signal)
{
    restoreTerminal();
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

void onWindowChange(int)
{
    const int saved = errno;
    const char byte = 'w';
    [[maybe_unused]] const ssize_t ignored = ::write(g_winchPipe[1], &byte, 1);
    errno = saved;
}

// Raw mode from the constructor to the destructor, and on a fatal signal in between.
class RawTerminal final
{
public:
    bool enter()
    {
        if (::tcgetattr(STDIN_FILENO, &g_saved) != 0)
            return false;
        termios raw = g_saved;
        ::cfmakeraw(&raw);
        struct sigaction action = {};
        action.sa_handler = onFatalSignal;
        sigemptyset(&action.sa_mask);
        for (const int signal : {SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGABRT, SIGSEGV})
            ::sigaction(signal, &action, nullptr);
        g_raw = 1;
        return ::tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) == 0;
    }
    ~RawTerminal() { restoreTerminal(); }
};

QByteArray resizeFrame()
{
    winsize size = {};
    if (::ioctl(STDIN_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0 || size.ws_row == 0)
        return {};
    const QJsonObject json{{QStringLiteral("cols"), size.ws_col},
                           {QStringLiteral("rows"), size.ws_row}};
    return '\x01' + QJsonDocument(json).toJson(QJsonDocument::Compact);
}

void writeAll(int fd, const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t written = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return;
        done += written;
    }
}

} // namespace

CliShell::CliShell(ConnectionSettings settings, QTextStream &err)
    : m_settings(std::move(settings))
    , m_err(err)
{}

int CliShell::exitStatusOf(const QString &closeReason)
{
    if (!closeReason.startsWith(QLatin1String("exit ")))
        return -1;
    bool ok = false;
    const int status = closeReason.mid(5).toInt(&ok);
    return ok && status >= 0 && status <= 255 ? status : -1;
}

QString CliShell::terminalProblem()
{
    if (::isatty(STDIN_FILENO))
        return {};
    return tr("spacectl shell needs a terminal, and stdin is not one; to run a command "
              "without one, use 'spacectl run'");
}

int CliShell::run(const QString &spaceId, const QString &shell, const QStringList &command)
{
    if (const QString problem = terminalProblem(); !problem.isEmpty()) {
        m_err << problem << Qt::endl;
        return ExitUsage;
    }
    QUrl url = m_settings.baseUrl;
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss")
                                                         : QStringLiteral("ws"));
    url.setPath(QStringLiteral("/proxy/spaces/%1/terminal/%2")
                    .arg(QString::fromLatin1(QUrl::toPercentEncoding(spaceId)),
                         QString::fromLatin1(QUrl::toPercentEncoding(shell))));
    if (!command.isEmpty()) {
        QStringList items;
        for (const QString &word : command)
            items.append(QStringLiteral("run=") +
                         QString::fromLatin1(QUrl::toPercentEncoding(word)));
        url.setQuery(items.join(u'&'), QUrl::StrictMode);
    }
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_settings.token.toUtf8());

    if (::pipe2(g_winchPipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        m_err << tr("could not watch the terminal's size: %1")
                     .arg(QString::fromLocal8Bit(::strerror(errno)))
              << Qt::endl;
        return ExitFailure;
    }
    struct sigaction winch = {};
    winch.sa_handler = onWindowChange;
    winch.sa_flags = SA_RESTART;
    sigemptyset(&winch.sa_mask);
    ::sigaction(SIGWINCH, &winch, nullptr);

    QWebSocket socket;
    QEventLoop loop;
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QSocketNotifier resized(g_winchPipe[0], QSocketNotifier::Read);
    input.setEnabled(false);
    RawTerminal raw;
    bool connected = false;
    // Not connected(): Qt 6.4 skips it when the close frame (a program that ended at once)
    // came with the handshake's answer.
    QObject::connect(&socket, &QWebSocket::stateChanged, &loop,
                     [&](QAbstractSocket::SocketState state) {
                         if (state != QAbstractSocket::ConnectedState || connected)
                             return;
                         connected = true;
                         if (!raw.enter()) {
                             m_err << tr("could not put the terminal in raw mode") << Qt::endl;
                             socket.close();
                             return;
                         }
                         if (const QByteArray frame = resizeFrame(); !frame.isEmpty())
                             socket.sendBinaryMessage(frame);
                         input.setEnabled(true);
                     });
    QObject::connect(&socket, &QWebSocket::binaryMessageReceived, &loop,
                     [](const QByteArray &bytes) { writeAll(STDOUT_FILENO, bytes); });
    QObject::connect(&socket, &QWebSocket::textMessageReceived, &loop,
                     [](const QString &text) { writeAll(STDOUT_FILENO, text.toUtf8()); });
    QObject::connect(&socket, &QWebSocket::disconnected, &loop, [&] { loop.quit(); });
    QObject::connect(&input, &QSocketNotifier::activated, &loop, [&] {
        char buffer[4096];
        const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (got > 0)
            socket.sendBinaryMessage(QByteArray(buffer, got));
        else if (got == 0 || (errno != EINTR && errno != EAGAIN))
            input.setEnabled(false); // stdin closed: the shell decides when to end
    });
    QObject::connect(&resized, &QSocketNotifier::activated, &loop, [&] {
        char drain[64];
        while (::read(g_winchPipe[0], drain, sizeof drain) > 0) {
        }
        if (const QByteArray frame = resizeFrame(); !frame.isEmpty())
            socket.sendBinaryMessage(frame);
    });
    socket.open(request);
    loop.exec();

    restoreTerminal();
    ::signal(SIGWINCH, SIG_DFL);
    ::close(g_winchPipe[0]);
    ::close(g_winchPipe[1]);
    if (!connected) {
        m_err << tr("could not open a terminal in '%1': %2").arg(spaceId, socket.errorString())
              << Qt::endl;
        return ExitFailure;
    }
    const int status = exitStatusOf(socket.closeReason());
    if (status >= 0)
        return status;
    if (socket.closeCode() == QWebSocketProtocol::CloseCodeNormal)
        return ExitSuccess;
    m_err << tr("the terminal was disconnected: %1")
                 .arg(socket.closeReason().isEmpty() ? socket.errorString() : socket.closeReason())
          << Qt::endl;
    return ExitFailure;
}

} // namespace spaces
