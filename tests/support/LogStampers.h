#pragma once

// The spaces-log-stamp processes writing a given log file, found in /proc by what their
// standard output is: a test checks that one runs beside a space's services, in a session of
// its own, and that it is gone when they are.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QList>
#include <QString>

namespace spaces::test {

inline QList<qint64> logStampersOf(const QString &logFile)
{
    const QString target = QFileInfo(logFile).absoluteFilePath();
    QList<qint64> found;
    const QStringList entries =
        QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &name : entries) {
        bool isPid = false;
        const qint64 pid = name.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
        // comm holds at most 15 characters: "spaces-log-stam".
        if (!comm.open(QIODevice::ReadOnly) || !comm.readAll().startsWith("spaces-log-stam"))
            continue;
        const QString output = QFileInfo(QStringLiteral("/proc/%1/fd/1").arg(pid)).symLinkTarget();
        if (output == target || output == target + QStringLiteral(" (deleted)"))
            found.append(pid);
    }
    return found;
}

} // namespace spaces::test
