#pragma once

#include "SpacesClient.h"

#include <QByteArray>
#include <QObject>
#include <QSize>
#include <QString>
#include <QUrl>
#include <memory>

class QNetworkAccessManager;
class QThread;

namespace spaces {

class TerminalFlowGate;
class TerminalSocketPump;

// One interactive shell in a space: GET /proxy/spaces/{space}/terminal/{shell} over a
// QWebSocket, with Knot's frames (API.md, "Streams over WebSocket"): binary PTY output in,
// keystrokes out, a binary 0x01 + {"cols","rows"} frame for a resize. Works against spacesd
// and Knot alike. It never reconnects by itself: a new shell is a new session, so the view
// offers "Reconnect" instead. The socket lives on a reader thread of its own
// (TerminalSocketPump), so that a consumer that parses slower than the server sends can
// push back (setBackPressure) instead of collecting the flood in memory.
class TerminalConnection final : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Idle,       // before open()
        Connecting, // upgrade request sent
        Connected,  // the shell runs
        Ended,      // the server closed the socket: the shell exited
        Failed      // refused (401/403/404/409...) or the network was lost
    };
    Q_ENUM(State)

    // `spaceIdOrName`: Knot wants the id; spacesd takes either.
    TerminalConnection(ConnectionSettings settings, QString spaceIdOrName, QString shell,
                       QObject *parent = nullptr);
    ~TerminalConnection() override;

    // Connects with `size` (columns x rows) as the first resize sent once connected.
    void open(QSize size);
    // Closes the socket; the server hangs up the shell.
    void close();

    // Keystrokes or pasted text, as bytes for the PTY.
    void sendInput(const QByteArray &bytes);
    // Columns x rows; sent at once when connected, else kept for the connection.
    void resize(QSize size);

    // From the next open(): stops reading the socket while more than `highWater` bytes of
    // output are not yet reported consumed(). Without it output is never held.
    void setBackPressure(qint64 highWater) { m_highWater = highWater; }
    // `bytes` of outputReceived() are dealt with (parsed, written).
    void consumed(qint64 bytes);
    // Output handed over and not yet reported consumed().
    qint64 unconsumed() const;

    State state() const { return m_state; }
    QString shell() const { return m_shell; }
    QString space() const { return m_space; }
    // Why it failed or ended, as a sentence (the server's when it gave one).
    QString errorString() const { return m_error; }
    // The HTTP status of a refused upgrade (401, 403, 404, 409...); 0 otherwise.
    int refusedStatus() const { return m_refusedStatus; }
    // The ws:// or wss:// address the connection opens.
    QUrl url() const;

Q_SIGNALS:
    void stateChanged(spaces::TerminalConnection::State state);
    // PTY output, as it arrives.
    void outputReceived(const QByteArray &bytes);

private:
    void setState(State state);
    void onConnected();
    void onDisconnected(int closeCode, const QString &closeReason, const QString &errorString);
    void onError(int socketError, const QString &errorString);
    void sendResize();
    void sendFrame(QByteArray frame);
    // Ends the reader thread and its socket without waiting for either.
    void releasePump();
    // A refused upgrade says little through QWebSocket (Qt 6.4 names some statuses in its
    // error string, none of the body): the same request as a plain GET gets the server's
    // status and sentence when the route refuses before looking at the upgrade.
    void askWhyRefused(int status, const QString &qtError);
    void fail(const QString &sentence);

    ConnectionSettings m_settings;
    QString m_space;
    QString m_shell;
    std::shared_ptr<TerminalFlowGate> m_gate;
    TerminalSocketPump *m_pump = nullptr; // lives on m_thread
    QThread *m_thread = nullptr;
    qint64 m_highWater = -1;
    QSize m_size;
    State m_state = State::Idle;
    QString m_error;
    int m_refusedStatus = 0;
    bool m_closing = false;        // close() was called: the end is the user's, not a failure
    bool m_closeHandshake = false; // a close frame was exchanged: the server ended it
    QNetworkAccessManager *m_network = nullptr; // for askWhyRefused, made when first needed
};

} // namespace spaces
