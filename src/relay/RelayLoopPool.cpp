#include "RelayLoopPool.h"

#include "RelayLoop.h"

#include <algorithm>
#include <mutex>
#include <thread>

namespace spaces {

std::shared_ptr<RelayLoopPool> RelayLoopPool::acquire()
{
    static std::mutex mutex;
    static std::weak_ptr<RelayLoopPool> current;
    const std::lock_guard lock(mutex);
    std::shared_ptr<RelayLoopPool> pool = current.lock();
    if (!pool) {
        pool.reset(new RelayLoopPool(std::max(1u, std::thread::hardware_concurrency())));
        current = pool;
    }
    return pool;
}

RelayLoopPool::RelayLoopPool(unsigned loopCount)
{
    m_loops.reserve(loopCount);
    for (unsigned i = 0; i < loopCount; ++i) {
        m_loops.push_back(std::make_unique<RelayLoop>());
    }
}

RelayLoopPool::~RelayLoopPool() = default;

RelayLoop &RelayLoopPool::next()
{
    return *m_loops[m_next.fetch_add(1, std::memory_order_relaxed) % m_loops.size()];
}

} // namespace spaces
