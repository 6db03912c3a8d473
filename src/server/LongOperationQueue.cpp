#include "LongOperationQueue.h"

#include <algorithm>
#include <memory>

namespace spaces {

LongOperationQueue::LongOperationQueue(Limits limits)
    : m_limits{std::max(1, limits.perUser), std::max(1, limits.total)}
{}

void LongOperationQueue::run(const QString &userId, Operation operation)
{
    UserQueue &queue = m_users[userId];
    if (queue.waiting.empty())
        m_turns.push_back(userId);
    queue.waiting.push_back(std::move(operation));
    pump();
}

int LongOperationQueue::waiting() const
{
    int count = 0;
    for (const auto &[user, queue] : m_users)
        count += int(queue.waiting.size());
    return count;
}

void LongOperationQueue::pump()
{
    // An operation may finish at once (a refusal) and call back in here: loop instead.
    if (m_pumping) {
        m_pumpAgain = true;
        return;
    }
    m_pumping = true;
    do {
        m_pumpAgain = false;
        for (auto turn = m_turns.begin(); turn != m_turns.end() && m_running < m_limits.total;) {
            const QString userId = *turn;
            UserQueue &queue = m_users[userId];
            if (queue.running >= m_limits.perUser) {
                ++turn;
                continue;
            }
            Operation operation = std::move(queue.waiting.front());
            queue.waiting.pop_front();
            ++queue.running;
            ++m_running;
            // This user goes to the back of the line, behind everyone else waiting.
            turn = m_turns.erase(turn);
            if (!queue.waiting.empty())
                m_turns.push_back(userId);
            auto once = std::make_shared<bool>(false);
            operation([this, userId, once] {
                if (std::exchange(*once, true))
                    return;
                finished(userId);
            });
            m_pumpAgain = true;
            break; // the list changed: start over from the first in line
        }
    } while (m_pumpAgain && m_running < m_limits.total);
    m_pumping = false;
}

void LongOperationQueue::finished(const QString &userId)
{
    --m_running;
    const auto it = m_users.find(userId);
    if (it != m_users.end()) {
        --it->second.running;
        if (it->second.running == 0 && it->second.waiting.empty())
            m_users.erase(it);
    }
    pump();
}

} // namespace spaces
