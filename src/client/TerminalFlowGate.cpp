#include "TerminalFlowGate.h"

#include <algorithm>

namespace spaces {

TerminalFlowGate::TerminalFlowGate(qint64 highWater)
    : m_highWater(highWater)
{}

void TerminalFlowGate::handedOver(qint64 bytes, const std::function<void(const QByteArray &)> &send)
{
    std::unique_lock lock(m_mutex);
    m_unconsumed += bytes;
    while (m_highWater != Unlimited && !m_shutDown && m_unconsumed > m_highWater) {
        if (!m_input.isEmpty()) {
            const QList<QByteArray> input = std::exchange(m_input, {});
            lock.unlock();
            for (const QByteArray &frame : input)
                send(frame);
            lock.lock();
            continue;
        }
        m_changed.wait(lock);
    }
}

QList<QByteArray> TerminalFlowGate::takeInput()
{
    const std::lock_guard lock(m_mutex);
    return std::exchange(m_input, {});
}

void TerminalFlowGate::consumed(qint64 bytes)
{
    {
        const std::lock_guard lock(m_mutex);
        // Text the screen adds itself (a "[shell exited]" line) is parsed but was never
        // handed over: the count stops at zero.
        m_unconsumed = std::max<qint64>(0, m_unconsumed - bytes);
    }
    m_changed.notify_all();
}

void TerminalFlowGate::queueInput(QByteArray frame)
{
    {
        const std::lock_guard lock(m_mutex);
        m_input.append(std::move(frame));
    }
    m_changed.notify_all();
}

void TerminalFlowGate::shutDown()
{
    {
        const std::lock_guard lock(m_mutex);
        m_shutDown = true;
    }
    m_changed.notify_all();
}

qint64 TerminalFlowGate::unconsumed() const
{
    const std::lock_guard lock(m_mutex);
    return m_unconsumed;
}

} // namespace spaces
