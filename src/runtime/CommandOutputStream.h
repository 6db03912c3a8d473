#pragma once

#include <QByteArray>
#include <deque>
#include <functional>
#include <mutex>

namespace spaces {

// The output of a running command handed over as it is read, from the thread that runs it
// (CommandRunner on a worker) to the one that sends it on (the server's Qt thread). Bounded:
// while more than `capacity` bytes wait here the runner stops reading the command's pipe, so
// a command that writes faster than its reader takes waits in the kernel's pipe, not in this
// process. The runner polls wakeFd(), which becomes readable when room frees up or the
// stream is closed.
class CommandOutputStream final
{
public:
    static constexpr qsizetype DefaultCapacity = 256 * 1024;

    explicit CommandOutputStream(qsizetype capacity = DefaultCapacity);
    ~CommandOutputStream();
    CommandOutputStream(const CommandOutputStream &) = delete;
    CommandOutputStream &operator=(const CommandOutputStream &) = delete;

    // Runner side (any thread). write() always takes the chunk (at most one read's worth over
    // the capacity); hasRoom() says whether to read again.
    void write(const char *data, qsizetype size);
    bool hasRoom() const;
    // Readable while there is room or the stream is closed; never blocks the runner.
    int wakeFd() const { return m_wakeFd; }
    // Acknowledges a wake-up (the runner calls it after poll() saw wakeFd() readable).
    void consumeWake();

    // Reader side. Called on the runner's thread each time the stream goes from empty to
    // holding output: post to the reader's own thread from there.
    void setOnReadable(std::function<void()> onReadable);
    // Everything waiting, at most `limit` bytes of it; frees room for the runner.
    QByteArray take(qsizetype limit);
    bool isEmpty() const;
    // The reader is gone: later output is dropped and the runner is woken (it is about to
    // be stopped).
    void close();

private:
    void wakeRunner();

    qsizetype m_capacity;
    int m_wakeFd = -1; // an eventfd
    mutable std::mutex m_mutex;
    std::deque<QByteArray> m_chunks;
    qsizetype m_bytes = 0;
    bool m_closed = false;
    std::function<void()> m_onReadable;
};

} // namespace spaces
