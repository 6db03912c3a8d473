#pragma once

#include "PtyProcess.h"
#include "WebSocketChannel.h"

#include <QByteArray>
#include <QLoggingCategory>
#include <QObject>
#include <QTimer>
#include <memory>

class QSocketNotifier;

namespace spaces {

Q_DECLARE_LOGGING_CATEGORY(lcTerminal)

// One shell on a PTY behind one WebSocket (Knot's terminal frames), on the Qt thread and
// never blocking it: a QSocketNotifier reads the master only while the socket's send queue is
// below a mark (flow control: a `yes` pauses in the kernel's PTY buffer instead of piling up
// here), keystrokes are written without blocking, and the shell's exit arrives on a pidfd.
// When the shell exits the socket closes with the reason "exit N" (N its status, 128 + signal
// when killed); when the socket goes the shell is hung up, and killed after a grace period.
// finished() comes once the shell is reaped and the socket closed.
class TerminalSession final : public QObject
{
    Q_OBJECT

public:
    TerminalSession(PtyProcess process, QObject *parent = nullptr);
    ~TerminalSession() override;

    void attach(std::shared_ptr<WebSocketChannel> channel);
    void receive(const QByteArray &message, bool binary);
    // The socket closed, failed, or never opened.
    void detach();

    // How long a shell may ignore its hang-up before it is killed.
    static constexpr std::chrono::milliseconds HangUpGrace{2000};

Q_SIGNALS:
    void finished();

private:
    void readOutput();
    void writeInput();
    void pause();
    void resume();
    void onExited();
    void finishIfDone();
    void resize(const QByteArray &json);
    std::size_t highWater() const;

    PtyProcess m_process;
    std::shared_ptr<WebSocketChannel> m_channel;
    QSocketNotifier *m_output = nullptr;
    QSocketNotifier *m_input = nullptr;
    QSocketNotifier *m_exit = nullptr;
    QTimer m_exitPoll;  // without a pidfd
    QTimer m_killTimer; // after a hang-up
    QByteArray m_pendingInput;
    bool m_paused = false;
    bool m_outputEnded = false;
    bool m_detached = false;
    bool m_finished = false;
};

} // namespace spaces
