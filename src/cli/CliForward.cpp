#include "CliForward.h"

#include "ApiError.h"
#include "CliExitCode.h"
#include "DisplayText.h"
#include "PortTunnel.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSocketNotifier>
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace spaces {

namespace {

// SIGINT and SIGTERM reach the event loop through a socket pair (a signal handler may only
// write to a descriptor).
int g_signalPipe[2] = {-1, -1};

void onStopSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t ignored = ::write(g_signalPipe[1], &byte, 1);
}

std::optional<quint16> portNumber(const QString &text, bool allowZero)
{
    bool ok = false;
    const uint port = text.toUInt(&ok);
    if (!ok || port > 65535 || (port == 0 && !allowZero))
        return std::nullopt;
    return quint16(port);
}

} // namespace

std::optional<CliForward::Ports> CliForward::parsePorts(const QString &text, QString *error)
{
    const qsizetype colon = text.indexOf(u':');
    const QString remoteText = colon < 0 ? text : text.mid(colon + 1);
    const std::optional<quint16> remote = portNumber(remoteText, false);
    if (!remote) {
        *error = tr("Invalid remote port '%1': give a number from 1 to 65535").arg(remoteText);
        return std::nullopt;
    }
    if (colon < 0)
        return Ports{*remote, *remote};
    const QString localText = text.left(colon);
    if (localText.isEmpty())
        return Ports{0, *remote};
    const std::optional<quint16> local = portNumber(localText, true);
    if (!local) {
        *error = tr("Invalid local port '%1': give a number from 0 to 65535").arg(localText);
        return std::nullopt;
    }
    return Ports{*local, *remote};
}

CliForward::CliForward(ConnectionSettings settings, QTextStream &out, QTextStream &err)
    : m_settings(std::move(settings))
    , m_out(out)
    , m_err(err)
{}

QString CliForward::refusal(const QUrl &tunnelUrl)
{
    QUrl url = tunnelUrl;
    url.setScheme(url.scheme() == QLatin1String("wss") ? QStringLiteral("https")
                                                       : QStringLiteral("http"));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_settings.token.toUtf8());
    request.setTransferTimeout(int(m_settings.requestTimeout.count()));
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return tr("Cannot reach the server: %1").arg(reply->errorString());
    const ApiError error = ApiError::fromBody(status, reply->readAll());
    if (status == 502) {
        m_err << "spacectl: "
              << tr("warning: %1; connections fail until something listens there")
                     .arg(DisplayText::oneLine(error.message))
              << '\n';
        m_err.flush();
        return {};
    }
    // The route admits the tunnel and only wants the upgrade (spacesd says 400 for that, with
    // a sentence naming the WebSocket); anything else from 400 up is the server's refusal.
    if (status == 400 && error.message.contains(QLatin1String("WebSocket")))
        return {};
    return status >= 400 ? error.message : QString();
}

int CliForward::run(const QString &spaceKey, const QString &spaceName, Ports ports)
{
    PortTunnel tunnel(m_settings, spaceKey, ports.remote);
    if (const QString refused = refusal(tunnel.url()); !refused.isEmpty()) {
        m_err << "spacectl: " << DisplayText::oneLine(refused) << '\n';
        m_err.flush();
        return ExitFailure;
    }
    const Expected<quint16> local = tunnel.listen(ports.local);
    if (!local) {
        m_err << "spacectl: " << local.error().message << '\n';
        m_err.flush();
        return ExitFailure;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalPipe) != 0) {
        m_err << "spacectl: " << tr("cannot watch for Ctrl+C") << '\n';
        return ExitFailure;
    }
    struct sigaction action = {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    struct sigaction previousInt = {};
    struct sigaction previousTerm = {};
    ::sigaction(SIGINT, &action, &previousInt);
    ::sigaction(SIGTERM, &action, &previousTerm);

    QEventLoop loop;
    QSocketNotifier stopRequested(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&stopRequested, &QSocketNotifier::activated, &loop, &QEventLoop::quit);
    QObject::connect(&tunnel, &PortTunnel::connectionFailed, &loop, [this](const QString &why) {
        m_err << "spacectl: " << DisplayText::oneLine(why) << '\n';
        m_err.flush();
    });
    m_out << tr("Forwarding 127.0.0.1:%1 -> %2:%3").arg(*local).arg(spaceName).arg(ports.remote)
          << '\n';
    m_out.flush();
    loop.exec();

    tunnel.stop();
    ::sigaction(SIGINT, &previousInt, nullptr);
    ::sigaction(SIGTERM, &previousTerm, nullptr);
    ::close(g_signalPipe[0]);
    ::close(g_signalPipe[1]);
    g_signalPipe[0] = g_signalPipe[1] = -1;
    return ExitSuccess;
}

} // namespace spaces
