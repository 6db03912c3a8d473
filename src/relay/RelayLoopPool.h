#pragma once

#include <atomic>
#include <memory>
#include <vector>

namespace spaces {

class RelayLoop;

// The fixed set of event-loop threads shared by every PortRelay of the process: one per core,
// created when the first relay opens and joined when the last one is gone, so that an idle
// process holds no relay threads and a stopped relay leaves nothing behind.
class RelayLoopPool final
{
public:
    // The pool in use, or a new one. Throws std::system_error if its threads cannot be created.
    static std::shared_ptr<RelayLoopPool> acquire();
    ~RelayLoopPool();
    RelayLoopPool(const RelayLoopPool &) = delete;
    RelayLoopPool &operator=(const RelayLoopPool &) = delete;

    // Round-robin over the loops; thread-safe.
    RelayLoop &next();
    const std::vector<std::unique_ptr<RelayLoop>> &loops() const { return m_loops; }

private:
    explicit RelayLoopPool(unsigned loopCount);

    std::vector<std::unique_ptr<RelayLoop>> m_loops;
    std::atomic<unsigned> m_next{0};
};

} // namespace spaces
