#pragma once

#include "WebSocketHandler.h"

#include <QPointer>
#include <QString>

namespace spaces {

class LogFollower;

// One reader of GET /logs/{id}/stream: sends the history, the 0x00 frame, then what the
// follower sees appended, as text frames of lines ending "\r\n" (as Knot sends them).
class LogStreamHandler final : public WebSocketHandler
{
public:
    explicit LogStreamHandler(QString logFile);
    ~LogStreamHandler() override;

    void opened(std::shared_ptr<WebSocketChannel> channel) override;
    void received(const QByteArray &message, bool binary) override;
    void closed() override;

    // Log lines as text frame content: valid UTF-8 (a frame must be), "\r\n" line ends.
    static QByteArray frameText(const QByteArray &lines);

private:
    QString m_logFile;
    std::shared_ptr<WebSocketChannel> m_channel;
    QPointer<LogFollower> m_follower;
};

} // namespace spaces
