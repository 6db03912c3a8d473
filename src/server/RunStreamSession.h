#pragma once

#include "CommandOutcome.h"
#include "Expected.h"
#include "User.h"
#include "WebSocketChannel.h"

#include <QByteArray>
#include <QLoggingCategory>
#include <QObject>
#include <memory>
#include <optional>
#include <stop_token>

namespace spaces {

Q_DECLARE_LOGGING_CATEGORY(lcRunStream)

class CommandOutputStream;
class CommandService;

// One command behind one WebSocket (GET /space-io/{space}/run), on the Qt thread and never
// waiting: the first text frame is run-command's JSON; the command runs on a worker (through
// CommandService, as run-command does) and its output goes out as text frames as it is read.
// Flow control: the worker stops reading the command's pipe while CommandOutputStream is full,
// and the stream is emptied here only while the socket's send queue is below a mark, so a
// reader that does not keep up holds the command in its pipe. Text frames must be UTF-8: a
// sequence cut by a read waits for its next bytes, invalid bytes become U+FFFD.
// At the end: {"exit_code":N} (124 after a timeout, which also sends "Error: Command timed
// out\r\n"), or "Error: <sentence>\r\n" alone when the command could not run; then a frame
// holding one 0x00 byte, then the close. The socket going away ends the command's group.
// finished() comes once the command has ended (or never started) and the socket is closed.
class RunStreamSession final : public QObject
{
    Q_OBJECT

public:
    RunStreamSession(CommandService &commands, User user, QString spaceId,
                     QObject *parent = nullptr);
    ~RunStreamSession() override;

    void attach(std::shared_ptr<WebSocketChannel> channel);
    void receive(const QByteArray &message, bool binary);
    // The socket closed, failed, or never opened.
    void detach();

    // timeout(1)'s and docker's status for a command killed at its timeout.
    static constexpr int TimedOutExitCode = 124;

Q_SIGNALS:
    void finished();

private:
    void start(const QByteArray &json);
    void commandEnded(const Expected<CommandOutcome> &outcome);
    void pump();
    void pause();
    void resume();
    void sendText(const QByteArray &utf8);
    void sendEnd();
    void finishIfDone();
    std::size_t highWater() const;

    CommandService &m_commands;
    User m_user;
    QString m_spaceId;
    std::shared_ptr<WebSocketChannel> m_channel;
    std::shared_ptr<CommandOutputStream> m_output;
    std::stop_source m_cancel;
    QByteArray m_partial; // the start of a UTF-8 sequence a read cut in two
    std::optional<Expected<CommandOutcome>> m_outcome;
    bool m_started = false;
    bool m_paused = false;
    bool m_endSent = false;
    bool m_detached = false;
    bool m_finished = false;
};

} // namespace spaces
