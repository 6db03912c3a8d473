#include "LongOperationQueue.h"

#include <algorithm>
#include <memory>

namespace spaces {

LongOperationQueue::LongOperationQueue(Limits limits)
    : m_limits{std::max(1, limits.perUser), std::max(1, limits.total)}
{}

void LongOperationQueue::run(const QString &userId, Operation operation)
{
    m_users[userId].waiting.push_back(std::move(operation));
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
        while (m_running < m_limits.total) {
            auto next = m_users.end();
            for (auto it = m_users.begin(); it != m_users.end(); ++it) {
                const UserQueue &queue = it->second;
                if (queue.waiting.empty() || queue.running >= m_limits.perUser)
                    continue;
                if (next == m_users.end() || queue.lastServed < next->second.lastServed)
                    next = it;
            }
            if (next == m_users.end())
                break;
            const QString userId = next->first;
            UserQueue &queue = next->second;
            Operation operation = std::move(queue.waiting.front());
            queue.waiting.pop_front();
            ++queue.running;
            ++m_running;
            queue.lastServed = ++m_served;
            auto once = std::make_shared<bool>(false);
            operation([this, userId, once] {
                if (std::exchange(*once, true))
                    return;
                finished(userId);
            });
        }
    } while (m_pumpAgain);
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
