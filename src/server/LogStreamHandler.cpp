#include "LogStreamHandler.h"

#include "LogFollower.h"
#include "LogRoutes.h"
#include "LogStampFormat.h"
#include "LogTail.h"

#include <string_view>

namespace spaces {

namespace {

// History goes out in frames of about this size rather than one frame per line.
constexpr qsizetype HistoryFrameBytes = 64 * 1024;

} // namespace

LogStreamHandler::LogStreamHandler(QString logFile)
    : m_logFile(std::move(logFile))
{}

LogStreamHandler::~LogStreamHandler()
{
    // The last reference may go on a transport thread: the follower belongs to the Qt one.
    if (m_follower)
        m_follower->deleteLater();
}

QByteArray LogStreamHandler::frameText(const QByteArray &lines, const QByteArray &unstamped)
{
    QByteArray text = QString::fromUtf8(lines).toUtf8();
    text.replace("\r\n", "\n");
    QByteArray result;
    result.reserve(text.size() + (text.count('\n') + 1) * (unstamped.size() + 10));
    for (qsizetype at = 0; at < text.size();) {
        const qsizetype end = text.indexOf('\n', at);
        const qsizetype stop = end < 0 ? text.size() : end;
        QByteArrayView line = QByteArrayView(text).sliced(at, stop - at);
        if (LogStampFormat::isStamped(std::string_view(line.data(), size_t(line.size())))) {
            result += greyStamp(line.first(LogStampFormat::StampLength));
            line = line.sliced(LogStampFormat::PrefixLength);
        } else {
            result += unstamped;
        }
        result += line;
        if (end >= 0)
            result += "\r\n";
        at = stop + 1;
    }
    return result;
}

QByteArray LogStreamHandler::greyStamp(QByteArrayView stamp)
{
    return "\x1b[90m" + stamp.toByteArray() + "\x1b[0m ";
}

QByteArray LogStreamHandler::timePrefix(const QDateTime &at)
{
    return greyStamp(at.toUTC().toString(Qt::ISODateWithMs).toLatin1());
}

void LogStreamHandler::opened(std::shared_ptr<WebSocketChannel> channel)
{
    m_channel = std::move(channel);
    const Expected<LogTail::Tail> tail = LogTail::read(m_logFile, LogRoutes::StreamHistoryLines);
    qint64 offset = 0;
    if (tail) {
        offset = tail->end;
        const QByteArray history = frameText(tail->text);
        for (qsizetype at = 0; at < history.size();) {
            qsizetype end = std::min(history.size(), at + HistoryFrameBytes);
            if (end < history.size()) {
                const qsizetype lineEnd = history.indexOf('\n', end - 1);
                end = lineEnd < 0 ? history.size() : lineEnd + 1;
            }
            m_channel->send(history.sliced(at, end - at));
            at = end;
        }
    } else {
        m_channel->send("Error: " + tail.error().message.toUtf8() + "\r\n");
    }
    m_channel->send(QByteArray(1, '\0'));
    m_follower = new LogFollower(m_logFile, offset);
    QObject::connect(m_follower, &LogFollower::linesAppended, m_follower,
                     [channel = m_channel](const QByteArray &lines) {
                         channel->send(
                             frameText(lines, timePrefix(QDateTime::currentDateTimeUtc())));
                     });
}

void LogStreamHandler::received(const QByteArray &, bool)
{
    // Readers only read: nothing a client sends changes the stream.
}

void LogStreamHandler::closed()
{
    delete m_follower;
    m_channel.reset();
}

} // namespace spaces
