#pragma once

#include "SpacesClient.h"
#include "SseParser.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <chrono>

class QNetworkAccessManager;
class QNetworkReply;

namespace spaces {

// GET /api/events as a stream of signals: Server-Sent Events over QNetworkAccessManager,
// reconnecting with a backoff from 1 s to 30 s. After a reconnect events may have been
// missed, so it asks for a reload.
class EventStream final : public QObject
{
    Q_OBJECT

public:
    // Waiting: before a retry.
    enum class State
    {
        Stopped,
        Connecting,
        Live,
        Waiting
    };
    Q_ENUM(State)

    static constexpr std::chrono::milliseconds MinimumBackoff{1000};
    static constexpr std::chrono::milliseconds MaximumBackoff{30000};
    // The server sends a keep-alive every 5 s: three missed ones mean the stream is dead.
    static constexpr std::chrono::milliseconds SilenceTimeout{15000};

    // `network` may be null: the stream then owns a manager of its own; a given one must
    // outlive the stream.
    EventStream(ConnectionSettings settings, QNetworkAccessManager *network,
                QObject *parent = nullptr);
    ~EventStream() override;

    void start();
    void stop();
    State state() const { return m_state; }
    // When the stream was last lost (invalid while live or never connected).
    QDateTime disconnectedSince() const { return m_disconnectedSince; }
    // The wait before the next retry while Waiting; else the wait a loss would start with.
    std::chrono::milliseconds currentBackoff() const { return m_backoff; }

    // For tests (and impatient callers): the backoff's first and largest wait.
    void setBackoffLimits(std::chrono::milliseconds minimum, std::chrono::milliseconds maximum);
    // How long a stream may stay silent (no event, no keep-alive) before it counts as dead.
    void setSilenceTimeout(std::chrono::milliseconds timeout);

Q_SIGNALS:
    void stateChanged(spaces::EventStream::State state);
    // A server may send every user's events (Knot does): `userId` is the space's owner, empty
    // when the event does not say.
    void spaceChanged(const QString &spaceId, const QString &userId);
    void spaceDeleted(const QString &spaceId, const QString &userId);
    // The template list changed (one added, changed, deactivated or removed).
    void templatesChanged();
    // The port forwards of a space changed (`spaceId` empty when the event does not say).
    void portForwardsChanged(const QString &spaceId, const QString &userId);
    // Connected again after a loss, or after failed attempts since start(): whatever happened
    // meanwhile was not seen. Not emitted when the first attempt after start() succeeds.
    void reloadNeeded();
    // Why the stream is down, as a sentence (the server's, when it gave one).
    void connectionError(const QString &sentence);

private:
    void connectNow();
    void onMetaData();
    void onReadyRead();
    void onFinished();
    void onSilence();
    // Ends the current reply (if any) without hearing from it again.
    void dropReply();
    // The stream is down for `sentence`: tell, then wait and retry.
    void lose(const QString &sentence);
    void goLive();
    void dispatch(const SseEvent &event);
    void setState(State state);
    bool isEventStream() const;

    ConnectionSettings m_settings;
    QNetworkAccessManager *m_network = nullptr;
    State m_state = State::Stopped;
    QDateTime m_disconnectedSince;
    std::chrono::milliseconds m_backoff = MinimumBackoff;

    std::chrono::milliseconds m_minimumBackoff = MinimumBackoff;
    std::chrono::milliseconds m_maximumBackoff = MaximumBackoff;
    std::chrono::milliseconds m_silenceTimeout = SilenceTimeout;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    QByteArray m_errorBody; // the body of a refusal (401...), for its sentence
    QTimer m_retryTimer;
    QTimer m_silenceTimer;
    int m_failures = 0; // attempts in a row that ended without going live
    int m_attempts = 0; // connection attempts since start()
};

} // namespace spaces
