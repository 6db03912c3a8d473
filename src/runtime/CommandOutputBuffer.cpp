#include "CommandOutputBuffer.h"

namespace spaces {

CommandOutputBuffer::CommandOutputBuffer(qsizetype limit)
    : m_limit(qMax<qsizetype>(limit, 0))
{}

void CommandOutputBuffer::append(const char *data, qsizetype size)
{
    const qsizetype kept = qMin(size, m_limit - m_data.size());
    if (kept > 0)
        m_data.append(data, kept);
    m_discarded += size - qMax<qsizetype>(kept, 0);
}

QByteArray CommandOutputBuffer::take()
{
    QByteArray result = std::move(m_data);
    m_data.clear();
    if (m_discarded > 0)
        result.append("\n[output truncated: ")
            .append(QByteArray::number(m_discarded))
            .append(" more bytes not shown]\n");
    return result;
}

} // namespace spaces
