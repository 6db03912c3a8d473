#pragma once

// Helpers shared by the runtime tests: cleanup of started groups and /proc checks.

#include "CommandSpec.h"
#include "ProcessGroup.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QStringList>
#include <chrono>

namespace spaces::test {

// Terminates a process group when the test function ends, pass or fail, so that a failing test
// does not leave `sleep 1000` behind.
class GroupGuard final
{
public:
    explicit GroupGuard(qint64 pgid = -1)
        : m_pgid(pgid)
    {}
    ~GroupGuard()
    {
        if (m_pgid > 1)
            ProcessGroup::terminate(m_pgid, std::chrono::milliseconds(0));
    }
    GroupGuard(const GroupGuard &) = delete;
    GroupGuard &operator=(const GroupGuard &) = delete;

    void reset(qint64 pgid)
    {
        if (m_pgid > 1)
            ProcessGroup::terminate(m_pgid, std::chrono::milliseconds(0));
        m_pgid = pgid;
    }

private:
    qint64 m_pgid;
};

// "Z" for a zombie, "" when the process does not exist, else its state letter.
inline QByteArray processState(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return {};
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close < 0 ? QByteArray() : line.mid(close + 2, 1);
}

// A process that exists and is not a zombie.
inline bool processIsLive(qint64 pid)
{
    const QByteArray state = processState(pid);
    return !state.isEmpty() && state != "Z" && state != "X";
}

// Field `index` (1-based, as in proc(5)) of /proc/<pid>/stat, or -1.
inline qint64 procStatField(qint64 pid, int index)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    // fields[0] is field 3 (state).
    return index >= 3 && index - 3 < fields.size() ? fields[index - 3].toLongLong() : -1;
}

// The test's own environment plus `extra`, as a complete "KEY=VALUE" list.
inline QStringList environmentWith(const QStringList &extra = {})
{
    return QProcessEnvironment::systemEnvironment().toStringList() + extra;
}

// `sh -c command` with the test's environment and a timeout.
inline CommandSpec shellCommand(const QString &sh, const QString &command,
                                std::chrono::seconds timeout)
{
    CommandSpec spec;
    spec.program = sh;
    spec.arguments = {QStringLiteral("-c"), command};
    spec.environment = environmentWith();
    spec.timeout = timeout;
    return spec;
}

} // namespace spaces::test
