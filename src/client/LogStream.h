#pragma once

#include "SpacesClient.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <chrono>

class QWebSocket;

namespace spaces {

// A space's service log as it is written: GET /logs/{space}/stream over a QWebSocket with
// Knot's frames (the history, a frame holding one 0x00, then live lines). Reconnects with a
// backoff from 1 s to 30 s when the stream drops (a restart of the space, of the server);
// since a new connection sends the history again, it says so with reset() first.
class LogStream final : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Stopped,
        Connecting,
        History, // connected, the history is arriving
        Live,
        Waiting // lost; retrying after the backoff
    };
    Q_ENUM(State)

    static constexpr std::chrono::milliseconds MinimumBackoff{1000};
    static constexpr std::chrono::milliseconds MaximumBackoff{30000};

    // `spaceIdOrName`: Knot wants the id; spacesd takes either.
    LogStream(ConnectionSettings settings, QString spaceIdOrName, QObject *parent = nullptr);
    ~LogStream() override;

    void start();
    void stop();
    State state() const { return m_state; }
    QString space() const { return m_space; }
    // Why the stream is down, as a sentence; empty while it is up.
    QString errorString() const { return m_error; }

    void setBackoffLimits(std::chrono::milliseconds minimum, std::chrono::milliseconds maximum);
    // The stream's URL for a server (ws:// or wss:// after its http:// or https://).
    static QUrl streamUrl(const QUrl &baseUrl, const QString &spaceIdOrName);

Q_SIGNALS:
    void stateChanged(spaces::LogStream::State state);
    // A new connection: what was shown before comes again as its history.
    void reset();
    // Log text, lines ending "\r\n" (ANSI colours allowed); `history` until the 0x00 frame.
    void textReceived(const QString &text, bool history);
    void connectionError(const QString &sentence);

private:
    void connectNow();
    void onText(const QString &message);
    void onDisconnected();
    void setState(State state);

    ConnectionSettings m_settings;
    QString m_space;
    QWebSocket *m_socket = nullptr;
    State m_state = State::Stopped;
    QString m_error;
    QTimer m_retryTimer;
    std::chrono::milliseconds m_minimumBackoff = MinimumBackoff;
    std::chrono::milliseconds m_maximumBackoff = MaximumBackoff;
    std::chrono::milliseconds m_backoff = MinimumBackoff;
    bool m_everConnected = false;
};

} // namespace spaces
