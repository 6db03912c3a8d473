#pragma once

#include <QByteArray>
#include <QList>
#include <QtGlobal>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace spaces {

// Back-pressure between a terminal's reader thread and the screen that parses its output.
// The reader hands frames over and, while more than a high-water mark of them is not yet
// parsed, stops reading: the socket's receive buffer fills, TCP closes its window, the
// server's send buffer fills and the server stops reading the PTY, so that a flood ends up
// blocking the program that prints it instead of filling this process's memory. Keystrokes
// must not wait behind the flood (Ctrl+C is how a user ends it): while the reader is held,
// it still sends what the user types.
class TerminalFlowGate final
{
public:
    // No limit: the reader never waits (what is unparsed is still counted).
    static constexpr qint64 Unlimited = -1;

    explicit TerminalFlowGate(qint64 highWater = Unlimited);

    // Reader thread. Counts `bytes` handed over, then waits while the unparsed bytes are
    // above the high-water mark, calling `send` for each frame of input queued meanwhile.
    void handedOver(qint64 bytes, const std::function<void(const QByteArray &)> &send);
    // Reader thread: the frames of input queued so far, oldest first.
    QList<QByteArray> takeInput();

    // Screen side: `bytes` of the output handed over are parsed.
    void consumed(qint64 bytes);
    // Screen side: a frame to send, in order with every other frame queued here.
    void queueInput(QByteArray frame);
    // Releases the reader for good (the connection is closing).
    void shutDown();

    qint64 unconsumed() const;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    const qint64 m_highWater;
    qint64 m_unconsumed = 0;
    QList<QByteArray> m_input;
    bool m_shutDown = false;
};

} // namespace spaces
