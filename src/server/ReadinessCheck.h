#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <chrono>
#include <functional>

namespace spaces {

// Waits until a freshly started space's services are ready (Knot's has_state): repeats one
// attempt (a TCP connect, a command run inside the space) until it passes or the time is
// up, one attempt at a time, with a short pause between them. Lives on the server thread;
// an attempt never blocks it (a connect is asynchronous, a command runs on a worker).
// Deleting the check abandons it: nothing is reported after that.
class ReadinessCheck final : public QObject
{
    Q_OBJECT

public:
    // One try; calls `done(true)` when it passed. Called with this check as the context.
    using Attempt = std::function<void(QObject *context, std::function<void(bool passed)> done)>;

    // `what` names the check in the failure's sentence ("port 8000 did not answer").
    ReadinessCheck(Attempt attempt, QString what, std::chrono::seconds timeout,
                   QObject *parent = nullptr);

    void start();

    // An attempt that connects to 127.0.0.1:port (the space shares the host's network).
    static Attempt portAttempt(quint16 port);

    static constexpr std::chrono::milliseconds Pause{200};

Q_SIGNALS:
    void passed();
    // `reason` is a sentence: "not ready after 60 s: port 8000 did not answer".
    void failed(const QString &reason);

private:
    void tryOnce();

    Attempt m_attempt;
    QString m_what;
    std::chrono::seconds m_timeout;
    QTimer m_deadline;
    QTimer m_pause;
    bool m_finished = false;
};

} // namespace spaces
