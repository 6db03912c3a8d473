#pragma once

#include "WebSocketHandler.h"

#include <QDateTime>
#include <QPointer>
#include <QString>

namespace spaces {

class LogFollower;

// One reader of GET /logs/{id}/stream: sends the history, the 0x00 frame, then what the
// follower sees appended, as text frames of lines ending "\r\n" (as Knot sends them).
//
// Each live line starts, as Knot's do, with a grey timestamp and a space:
// "\x1b[90m2026-12-02T04:19:08.123Z\x1b[0m " (ISO 8601, UTC, milliseconds), the time the
// server read the line, within moments of its writing (inotify). The log file itself keeps
// no times, so history lines (written before this stream opened) are sent as written rather
// than with a made-up time.
class LogStreamHandler final : public WebSocketHandler
{
public:
    explicit LogStreamHandler(QString logFile);
    ~LogStreamHandler() override;

    void opened(std::shared_ptr<WebSocketChannel> channel) override;
    void received(const QByteArray &message, bool binary) override;
    void closed() override;

    // Log lines as text frame content: valid UTF-8 (a frame must be), "\r\n" line ends,
    // each line after `prefix`.
    static QByteArray frameText(const QByteArray &lines, const QByteArray &prefix = {});
    // The prefix of a line read at `at`.
    static QByteArray timePrefix(const QDateTime &at);

private:
    QString m_logFile;
    std::shared_ptr<WebSocketChannel> m_channel;
    QPointer<LogFollower> m_follower;
};

} // namespace spaces
