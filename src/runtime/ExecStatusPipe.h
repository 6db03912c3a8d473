#pragma once

#include "UniqueFd.h"

#include <QList>
#include <QString>
#include <QtGlobal>

namespace spaces {

// Carries what happened between fork() and execve() back to the parent. Both ends are
// O_CLOEXEC: a successful execve() closes the child's copy, so the parent reads EOF; a child that
// fails writes a record first. This is what makes exec failures reliable to report, instead of
// guessing from an exit status of 127.
class ExecStatusPipe final
{
public:
    enum class Kind : qint32
    {
        Started = 1, // value: pid of the process that is about to exec (double fork)
        Failed = 2,  // value: the ChildImage::Stage that failed, errnum: its errno
    };

    struct Record
    {
        Kind kind = Kind::Failed;
        qint32 errnum = 0;
        qint64 value = 0;
    };

    bool open(QString *error);

    int writeFd() const noexcept { return m_write.get(); }
    // The parent must drop its copy of the write end, or it would wait for itself.
    void closeWriteEnd() noexcept { m_write.reset(); }

    // Child side, async-signal-safe. A record is far smaller than PIPE_BUF, so the write is atomic.
    static void send(int fd, Kind kind, qint32 errnum, qint64 value) noexcept;

    // Parent side: blocks until every copy of the write end is closed (the child exec'd or died).
    QList<Record> receiveAll();

private:
    UniqueFd m_read;
    UniqueFd m_write;
};

} // namespace spaces
