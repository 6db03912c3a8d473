#pragma once

#include <QString>
#include <deque>
#include <functional>
#include <map>

namespace spaces {

// Start, stop, restart, run-command and execute-script: at most `perUser` of one user's run at
// once and `total` over everyone; the rest wait in one queue per user, and a free slot goes to
// the waiting user served longest ago (round robin), so one user's hundred long commands never
// hold up another user's start. Lives on the Qt thread.
class LongOperationQueue final
{
public:
    static constexpr int DefaultPerUser = 8;
    static constexpr int DefaultTotal = 64;

    struct Limits
    {
        int perUser = DefaultPerUser;
        int total = DefaultTotal;
    };

    // Call exactly once when the operation is over (answered or failed).
    using Finished = std::function<void()>;
    using Operation = std::function<void(Finished finished)>;

    explicit LongOperationQueue(Limits limits);

    // Runs `operation` now if the caps allow, else when its turn comes.
    void run(const QString &userId, Operation operation);
    int running() const { return m_running; }
    int waiting() const;

private:
    struct UserQueue
    {
        int running = 0;
        std::deque<Operation> waiting;
        quint64 lastServed = 0; // 0: not yet, first in line
    };

    void pump();
    void finished(const QString &userId);

    Limits m_limits;
    std::map<QString, UserQueue> m_users;
    quint64 m_served = 0;
    int m_running = 0;
    bool m_pumping = false;
    bool m_pumpAgain = false;
};

} // namespace spaces
