#include "ConnectionRegistry.h"

#include <vector>

namespace spaces {

ConnectionRegistry::ConnectionRegistry(std::size_t maxTotal, std::size_t maxPerAddress)
    : m_maxTotal(maxTotal)
    , m_maxPerAddress(maxPerAddress)
{}

std::uint64_t ConnectionRegistry::admit(const std::string &address, Evictor evictor)
{
    std::vector<Evictor> victims;
    std::uint64_t id = 0;
    {
        const std::lock_guard lock(m_mutex);
        while (m_perAddress[address] >= m_maxPerAddress) {
            Evictor victim = takeOldestIdle(&address);
            if (!victim)
                break;
            victims.push_back(std::move(victim));
        }
        while (m_entries.size() >= m_maxTotal) {
            Evictor victim = takeOldestIdle(nullptr);
            if (!victim)
                break;
            victims.push_back(std::move(victim));
        }
        if (m_perAddress[address] < m_maxPerAddress && m_entries.size() < m_maxTotal) {
            id = m_nextId++;
            Entry entry;
            entry.address = address;
            entry.evict = std::move(evictor);
            m_entries.emplace(id, std::move(entry));
            ++m_perAddress[address];
        }
    }
    for (const Evictor &victim : victims)
        victim();
    return id;
}

void ConnectionRegistry::setIdle(std::uint64_t id, bool idle)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(id);
    if (it == m_entries.end())
        return;
    it->second.idle = idle;
    if (idle)
        it->second.idleSince = std::chrono::steady_clock::now();
}

void ConnectionRegistry::remove(std::uint64_t id)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(id);
    if (it != m_entries.end())
        eraseLocked(it);
}

bool ConnectionRegistry::evictOldestIdle()
{
    Evictor victim;
    {
        const std::lock_guard lock(m_mutex);
        victim = takeOldestIdle(nullptr);
    }
    if (victim)
        victim();
    return bool(victim);
}

std::size_t ConnectionRegistry::count() const
{
    const std::lock_guard lock(m_mutex);
    return m_entries.size();
}

ConnectionRegistry::Evictor ConnectionRegistry::takeOldestIdle(const std::string *address)
{
    auto oldest = m_entries.end();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (!it->second.idle || (address && it->second.address != *address))
            continue;
        if (oldest == m_entries.end() || it->second.idleSince < oldest->second.idleSince)
            oldest = it;
    }
    if (oldest == m_entries.end())
        return {};
    Evictor victim = std::move(oldest->second.evict);
    eraseLocked(oldest);
    return victim;
}

void ConnectionRegistry::eraseLocked(std::unordered_map<std::uint64_t, Entry>::iterator it)
{
    const auto count = m_perAddress.find(it->second.address);
    if (count != m_perAddress.end() && --count->second == 0)
        m_perAddress.erase(count);
    m_entries.erase(it);
}

} // namespace spaces
