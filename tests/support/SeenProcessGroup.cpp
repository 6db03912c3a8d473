#include "SeenProcessGroup.h"

#include <QFile>
#include <QRegularExpression>
#include <csignal>
#include <unistd.h>

namespace spaces::test {

SeenProcessGroup SeenProcessGroup::now(qint64 group)
{
    SeenProcessGroup seen;
    seen.m_group = group;
    seen.m_leaderStart = startTimeOf(group);
    return seen;
}

SeenProcessGroup SeenProcessGroup::recorded(qint64 group, const QString &handle)
{
    // The last "<pid>:<start>" of the handle whose pid is the group's.
    static const QRegularExpression pair(QStringLiteral("(\\d+):(\\d+)"));
    QRegularExpressionMatchIterator matches = pair.globalMatch(handle);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        if (match.captured(1).toLongLong() == group) {
            SeenProcessGroup seen;
            seen.m_group = group;
            seen.m_leaderStart = match.captured(2).toULongLong();
            return seen;
        }
    }
    return now(group);
}

bool SeenProcessGroup::isStillTheSame() const
{
    if (m_group <= 1 || m_group == qint64(::getpgrp()))
        return false;
    const quint64 current = startTimeOf(m_group);
    return current == 0 || current == m_leaderStart;
}

bool SeenProcessGroup::kill() const
{
    return isStillTheSame() && ::kill(pid_t(-m_group), SIGKILL) == 0;
}

quint64 SeenProcessGroup::startTimeOf(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    // "pid (comm) state ...": comm may hold spaces and ')'; field 3 follows the last ')'.
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0)
        return 0;
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    return fields.size() > 19 ? fields.at(19).toULongLong() : 0;
}

} // namespace spaces::test
