#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace spaces {

// Keeps the first `limit` bytes of a command's output and counts the rest, so a chatty command
// cannot exhaust the server's memory but is still read (and not blocked on a full pipe).
class CommandOutputBuffer final
{
public:
    explicit CommandOutputBuffer(qsizetype limit);

    void append(const char *data, qsizetype size);
    bool truncated() const { return m_discarded > 0; }
    // The kept bytes, followed by a note when something was discarded.
    QByteArray take();

private:
    QByteArray m_data;
    qsizetype m_limit;
    qint64 m_discarded = 0;
};

} // namespace spaces
