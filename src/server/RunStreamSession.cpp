#include "RunStreamSession.h"

#include "CommandOutputStream.h"
#include "CommandService.h"
#include "ExecutionRoutes.h"
#include "HttpJson.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>

namespace spaces {

Q_LOGGING_CATEGORY(lcRunStream, "spaces.runstream", QtWarningMsg)

namespace {

// One frame of at most this much output.
constexpr qsizetype ChunkBytes = 64 * 1024;
// Stop taking output above this many queued bytes, go on at a quarter of it.
constexpr std::size_t PreferredHighWater = 256 * 1024;

// The length of `bytes` without a UTF-8 sequence cut short at its end (at most 3 bytes are
// held back, and only when they can still become a character).
qsizetype completeUtf8Length(const QByteArray &bytes)
{
    const qsizetype size = bytes.size();
    for (qsizetype back = 1; back <= qMin<qsizetype>(3, size); ++back) {
        const auto byte = static_cast<unsigned char>(bytes[size - back]);
        if ((byte & 0xC0) == 0x80)
            continue; // a continuation byte: look further back for its lead
        const int needed = (byte & 0xE0) == 0xC0   ? 2
                           : (byte & 0xF0) == 0xE0 ? 3
                           : (byte & 0xF8) == 0xF0 ? 4
                                                   : 1;
        return needed > back ? size - back : size;
    }
    return size;
}

// Valid UTF-8 for a text frame: invalid bytes become U+FFFD.
QByteArray validUtf8(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes).toUtf8();
}

} // namespace

RunStreamSession::RunStreamSession(CommandService &commands, User user, QString spaceId,
                                   QObject *parent)
    : QObject(parent)
    , m_commands(commands)
    , m_user(std::move(user))
    , m_spaceId(std::move(spaceId))
{}

RunStreamSession::~RunStreamSession()
{
    // Normally over already; at server shutdown the runtime ends what still runs.
    m_cancel.request_stop();
    if (m_output)
        m_output->close();
}

std::size_t RunStreamSession::highWater() const
{
    // Well below the transport's limit, which would drop the reader: one more chunk fits.
    const std::size_t limit = m_channel ? m_channel->bufferLimit() : PreferredHighWater;
    return std::max<std::size_t>(1, std::min(PreferredHighWater, limit / 4));
}

void RunStreamSession::attach(std::shared_ptr<WebSocketChannel> channel)
{
    if (m_detached)
        return;
    m_channel = std::move(channel);
    // A command refused at once may have ended before the socket was there.
    pump();
    finishIfDone();
}

void RunStreamSession::receive(const QByteArray &message, bool binary)
{
    if (m_detached || m_started)
        return; // one command per socket; later frames mean nothing
    m_started = true;
    if (binary) {
        return commandEnded(ApiError::badRequest(
            QStringLiteral("send the command as a text frame of run-command's JSON")));
    }
    start(message);
}

void RunStreamSession::start(const QByteArray &json)
{
    const Expected<QJsonObject> body = HttpJson::object(json);
    if (!body)
        return commandEnded(body.error());
    const Expected<LocalRuntime::CommandRequest> request =
        ExecutionRoutes::commandRequestFrom(*body);
    if (!request)
        return commandEnded(request.error());
    m_output = std::make_shared<CommandOutputStream>();
    // Called on the worker when output arrives after a pause: only schedule the work, on the
    // Qt thread, where the guard is read.
    QPointer<RunStreamSession> guard(this);
    m_output->setOnReadable([guard] {
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [guard] {
                if (guard)
                    guard->pump();
            },
            Qt::QueuedConnection);
    });
    qCDebug(lcRunStream) << "running in" << m_spaceId << ":" << request->command;
    m_commands.streamCommand(m_user, m_spaceId, *request, m_output, m_cancel,
                             [guard](const Expected<CommandOutcome> &outcome) {
                                 if (guard)
                                     guard->commandEnded(outcome);
                             });
}

void RunStreamSession::commandEnded(const Expected<CommandOutcome> &outcome)
{
    m_outcome = outcome;
    pump();
    finishIfDone();
}

void RunStreamSession::pump()
{
    if (m_detached || !m_channel || m_paused || m_endSent)
        return;
    while (m_output) {
        if (m_channel->queuedBytes() >= highWater())
            return pause();
        QByteArray chunk = m_output->take(ChunkBytes);
        if (chunk.isEmpty())
            break;
        sendText(chunk);
    }
    if (m_outcome)
        sendEnd();
}

void RunStreamSession::sendText(const QByteArray &bytes)
{
    QByteArray text = m_partial + bytes;
    const qsizetype complete = completeUtf8Length(text);
    m_partial = text.mid(complete);
    text.truncate(complete);
    if (!text.isEmpty())
        m_channel->send(validUtf8(text), false);
}

void RunStreamSession::pause()
{
    if (m_paused)
        return;
    m_paused = true;
    QPointer<RunStreamSession> self(this);
    m_channel->notifyWhenBelow(highWater() / 4, [self] {
        // On the Qt thread (or at once, inside this call): only schedule the work.
        if (self)
            QMetaObject::invokeMethod(self, &RunStreamSession::resume, Qt::QueuedConnection);
    });
}

void RunStreamSession::resume()
{
    if (!m_paused)
        return;
    m_paused = false;
    pump();
    finishIfDone();
}

void RunStreamSession::sendEnd()
{
    m_endSent = true;
    if (!m_partial.isEmpty())
        m_channel->send(validUtf8(std::exchange(m_partial, {})), false);
    const auto errorFrame = [this](const QString &sentence) {
        m_channel->send("Error: " + sentence.toUtf8() + "\r\n", false);
    };
    const auto exitFrame = [this](int code) {
        m_channel->send(QJsonDocument(QJsonObject{{QStringLiteral("exit_code"), code}})
                            .toJson(QJsonDocument::Compact),
                        false);
    };
    const Expected<CommandOutcome> &outcome = *m_outcome;
    if (!outcome) {
        errorFrame(outcome.error().message);
    } else if (outcome->timedOut) {
        errorFrame(outcome->error);
        exitFrame(TimedOutExitCode);
    } else if (outcome->failedToStart || outcome->cancelled || outcome->exitCode < 0) {
        errorFrame(outcome->error);
    } else {
        exitFrame(outcome->exitCode);
    }
    m_channel->send(QByteArray(1, '\0'), false);
    m_channel->close(WebSocketChannel::NormalClosure);
}

void RunStreamSession::detach()
{
    if (m_detached)
        return;
    m_detached = true;
    m_channel.reset();
    if (m_started && !m_outcome) {
        qCDebug(lcRunStream) << "the caller left: ending the command in" << m_spaceId;
        m_cancel.request_stop();
        if (m_output)
            m_output->close();
    }
    finishIfDone();
}

void RunStreamSession::finishIfDone()
{
    if (m_finished)
        return;
    // Over when the command has ended (or never will start) and the socket is closed or told.
    const bool commandOver = !m_started || m_outcome.has_value();
    const bool socketOver = m_detached || m_endSent;
    if (!commandOver || !socketOver)
        return;
    m_finished = true;
    Q_EMIT finished();
}

} // namespace spaces
