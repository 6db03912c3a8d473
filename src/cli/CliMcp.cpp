#include "CliMcp.h"

#include "CliExitCode.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QSocketNotifier>
#include <QTimer>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace spaces {

namespace {

constexpr qsizetype MaxLineBytes = 64 * 1024 * 1024;
constexpr int EndSessionTimeoutMs = 2000;

} // namespace

CliMcp::CliMcp(ConnectionSettings settings, QTextStream &err, int inputFd, int outputFd)
    : m_settings(std::move(settings))
    , m_err(err)
    , m_inputFd(inputFd)
    , m_outputFd(outputFd)
{}

CliMcp::~CliMcp() = default;

QNetworkRequest CliMcp::request() const
{
    QUrl url = m_settings.baseUrl;
    url.setPath(QStringLiteral("/mcp"));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_settings.token.toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json, text/event-stream");
    if (!m_sessionId.isEmpty())
        request.setRawHeader("Mcp-Session-Id", m_sessionId);
    if (!m_protocolVersion.isEmpty())
        request.setRawHeader("MCP-Protocol-Version", m_protocolVersion);
    // No transfer timeout: a tool such as run_command may rightly take up to an hour.
    return request;
}

int CliMcp::run()
{
    // Non-blocking, so a read never stalls the event loop that carries the answers.
    const int flags = ::fcntl(m_inputFd, F_GETFL);
    if (flags >= 0)
        ::fcntl(m_inputFd, F_SETFL, flags | O_NONBLOCK);
    QEventLoop loop;
    m_loop = &loop;
    m_inputNotifier = std::make_unique<QSocketNotifier>(m_inputFd, QSocketNotifier::Read);
    QObject::connect(m_inputNotifier.get(), &QSocketNotifier::activated, &loop,
                     [this] { readInput(); });
    m_err << "spacectl mcp: "
          << tr("bridging stdin and stdout to %1/mcp")
                 .arg(m_settings.baseUrl.toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash))
          << '\n';
    m_err.flush();
    QTimer::singleShot(0, &loop, [this] { readInput(); });
    loop.exec();
    m_loop = nullptr;
    m_inputNotifier.reset();
    if (flags >= 0)
        ::fcntl(m_inputFd, F_SETFL, flags);
    // End the session politely; an unreachable server does not hold up the exit for long.
    if (!m_sessionId.isEmpty()) {
        QNetworkReply *reply = m_network.deleteResource(request());
        QTimer::singleShot(EndSessionTimeoutMs, reply, &QNetworkReply::abort);
        QEventLoop ending;
        QObject::connect(reply, &QNetworkReply::finished, &ending, &QEventLoop::quit);
        ending.exec();
        reply->deleteLater();
    }
    return ExitSuccess;
}

void CliMcp::readInput()
{
    char buffer[65536];
    for (;;) {
        const ssize_t got = ::read(m_inputFd, buffer, sizeof buffer);
        if (got > 0) {
            m_pending.append(buffer, got);
            qsizetype end = 0;
            while ((end = m_pending.indexOf('\n')) >= 0) {
                QByteArray line = m_pending.left(end);
                m_pending.remove(0, end + 1);
                takeLine(std::move(line));
            }
            if (m_pending.size() > MaxLineBytes) {
                m_err << "spacectl mcp: " << tr("a message longer than 64 MiB was dropped") << '\n';
                m_err.flush();
                m_pending.clear();
            }
            continue;
        }
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        // End of input (or an error reading it): a last unterminated line still counts.
        m_inputNotifier->setEnabled(false);
        if (!m_pending.trimmed().isEmpty())
            takeLine(std::exchange(m_pending, {}));
        m_inputClosed = true;
        finishIfDone();
        return;
    }
}

void CliMcp::takeLine(QByteArray line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.trimmed().isEmpty())
        return;
    // Until the session exists, nothing else can name it.
    if (m_initializing) {
        m_held.push_back(std::move(line));
        return;
    }
    forward(line);
}

void CliMcp::forward(const QByteArray &line)
{
    const QJsonDocument document = QJsonDocument::fromJson(line);
    const QJsonObject message = document.object();
    const QJsonValue id = message.value(QLatin1StringView("id"));
    const bool initializes =
        message.value(QLatin1StringView("method")).toString() == QLatin1StringView("initialize");
    if (initializes)
        m_initializing = true;
    // Not JSON at all: the server's parse error (id null) is the only possible answer.
    const bool unreadable = !document.isObject() && !document.isArray();
    QNetworkReply *reply = m_network.post(request(), line);
    ++m_inFlight;
    QObject::connect(reply, &QNetworkReply::finished, reply,
                     [this, reply, id, initializes, unreadable] {
                         answered(reply, id, initializes, unreadable);
                     });
}

void CliMcp::answered(QNetworkReply *reply, const QJsonValue &id, bool initializes, bool unreadable)
{
    reply->deleteLater();
    --m_inFlight;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (initializes) {
        m_initializing = false;
        if (status == 200) {
            m_sessionId = reply->rawHeader("Mcp-Session-Id");
            m_protocolVersion = QJsonDocument::fromJson(body)
                                    .object()
                                    .value(QLatin1StringView("result"))
                                    .toObject()
                                    .value(QLatin1StringView("protocolVersion"))
                                    .toString()
                                    .toLatin1();
        }
    }
    if (status == 200) {
        writeLine(body);
    } else if (status != 202) {
        // The server's sentence, for the request it answers (its HTTP errors carry no id).
        QString sentence = QJsonDocument::fromJson(body)
                               .object()
                               .value(QLatin1StringView("error"))
                               .toObject()
                               .value(QLatin1StringView("message"))
                               .toString();
        int code = QJsonDocument::fromJson(body)
                       .object()
                       .value(QLatin1StringView("error"))
                       .toObject()
                       .value(QLatin1StringView("code"))
                       .toInt(-32000);
        if (sentence.isEmpty())
            sentence = status == 0 ? tr("cannot reach the server: %1").arg(reply->errorString())
                                   : tr("the server answered HTTP %1").arg(status);
        m_err << "spacectl mcp: " << sentence << '\n';
        m_err.flush();
        if (!id.isUndefined() && !id.isNull()) {
            const QJsonObject error{
                {QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                {QStringLiteral("id"), id},
                {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), code},
                                                      {QStringLiteral("message"), sentence}}}};
            writeLine(QJsonDocument(error).toJson(QJsonDocument::Compact));
        } else if (unreadable && QJsonDocument::fromJson(body).isObject()) {
            writeLine(body);
        }
    }
    if (initializes) {
        while (!m_held.empty() && !m_initializing) {
            const QByteArray next = std::move(m_held.front());
            m_held.pop_front();
            forward(next);
        }
    }
    finishIfDone();
}

void CliMcp::writeLine(const QByteArray &json)
{
    // One message per line: the server's JSON is compact already; re-encode to be sure.
    const QJsonDocument document = QJsonDocument::fromJson(json);
    QByteArray line = document.isNull() ? json.trimmed() : document.toJson(QJsonDocument::Compact);
    line.append('\n');
    qsizetype written = 0;
    while (written < line.size()) {
        const ssize_t n = ::write(m_outputFd, line.constData() + written, line.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            // Whoever reads our output has gone: nothing more can be said.
            m_inputClosed = true;
            m_held.clear();
            break;
        }
        written += n;
    }
    finishIfDone();
}

void CliMcp::finishIfDone()
{
    if (m_loop && m_inputClosed && m_inFlight == 0 && m_held.empty() && !m_initializing)
        m_loop->quit();
}

} // namespace spaces
