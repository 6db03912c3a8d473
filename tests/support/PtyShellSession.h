#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <sys/types.h>

class QSocketNotifier;
class QWebSocket;

namespace spaces::test {

// One terminal of the test servers: a real shell on a real local PTY (forkpty) bridged to a
// server-side QWebSocket with Knot's frames (API.md, "Streams over WebSocket"): PTY output as
// binary frames, keystrokes in, 0x01 + {"cols","rows"} as TIOCSWINSZ. The socket is closed
// (close frame, code 1000) when the shell exits; a closed socket hangs up the shell's group.
// Reading the PTY pauses while the socket has more than a bound unsent, as the server must.
class PtyShellSession final : public QObject
{
    Q_OBJECT

public:
    // `shellPath` runs interactively in `workdir` with TERM=xterm-256color.
    PtyShellSession(QWebSocket *socket, const QString &shellPath, const QString &workdir,
                    QObject *parent = nullptr);
    ~PtyShellSession() override;

    bool isRunning() const { return m_pid > 0; }
    pid_t pid() const { return m_pid; }
    QString error() const { return m_error; }
    // Drops the connection without a close frame, as a network that went away.
    void dropConnection();

Q_SIGNALS:
    void finished();

private:
    void onPtyReadable();
    void onMessage(const QByteArray &bytes);
    void onSocketClosed();
    void onBytesWritten();
    void reapShell(bool hangUp);

    QPointer<QWebSocket> m_socket;
    int m_master = -1;
    pid_t m_pid = -1;
    QSocketNotifier *m_notifier = nullptr;
    QString m_error;
};

} // namespace spaces::test
