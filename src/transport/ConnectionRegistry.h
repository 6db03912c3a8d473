#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

namespace spaces {

// Every open connection, for the caps on connections in total and per client address. Shared
// by the I/O threads. At a cap the longest-idle keep-alive connection is closed to admit the
// new one: on loopback every client has the same address, so refusing newcomers would let a
// flood of idle connections lock out a real client.
class ConnectionRegistry final
{
public:
    using Evictor = std::function<void()>; // closes that connection (posted to its strand)

    ConnectionRegistry(std::size_t maxTotal, std::size_t maxPerAddress);

    // An id for the new connection, or 0 when it must be refused (every connection busy).
    std::uint64_t admit(const std::string &address, Evictor evictor);
    void setIdle(std::uint64_t id, bool idle);
    void remove(std::uint64_t id);
    // Closes the longest-idle connection, e.g. when the process is out of descriptors.
    bool evictOldestIdle();
    std::size_t count() const;

private:
    struct Entry
    {
        std::string address;
        bool idle = false;
        std::chrono::steady_clock::time_point idleSince;
        Evictor evict;
    };
    // Under the lock: takes the longest-idle entry (of `address` if given) out, returns its
    // evictor or an empty one.
    Evictor takeOldestIdle(const std::string *address);
    void eraseLocked(std::unordered_map<std::uint64_t, Entry>::iterator it);

    const std::size_t m_maxTotal;
    const std::size_t m_maxPerAddress;
    mutable std::mutex m_mutex;
    std::unordered_map<std::uint64_t, Entry> m_entries;
    std::map<std::string, std::size_t> m_perAddress;
    std::uint64_t m_nextId = 1;
};

} // namespace spaces
