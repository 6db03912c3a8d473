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
// Each line starts, as Knot's do, with a grey timestamp and a space:
// "\x1b[90m2026-12-02T04:19:08.123Z\x1b[0m " (RFC 3339, UTC, milliseconds): the time the
// log file keeps in front of the line (the time spaces-log-stamp read it from the services),
// history and live lines alike. Lines the file keeps without one (written before logs had
// them) go out as written in the history; live, they get the time the server read them.
class LogStreamHandler final : public WebSocketHandler
{
public:
    explicit LogStreamHandler(QString logFile);
    ~LogStreamHandler() override;

    void opened(std::shared_ptr<WebSocketChannel> channel) override;
    void received(const QByteArray &message, bool binary) override;
    void closed() override;

    // Log lines as text frame content: valid UTF-8 (a frame must be), "\r\n" line ends, the
    // stamp of each stamped line made grey, an unstamped one after `unstamped`.
    static QByteArray frameText(const QByteArray &lines, const QByteArray &unstamped = {});
    // The prefix of a line read at `at`.
    static QByteArray timePrefix(const QDateTime &at);
    // The grey prefix of a stamp as the log file keeps it (without its space).
    static QByteArray greyStamp(QByteArrayView stamp);

private:
    QString m_logFile;
    std::shared_ptr<WebSocketChannel> m_channel;
    QPointer<LogFollower> m_follower;
};

} // namespace spaces
