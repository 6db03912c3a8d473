#include "DataDirectoryProbe.h"

#include "FaultInjection.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace spaces {

namespace {

// About what the first writes of a start need (lock, WAL frames, server.json).
constexpr qsizetype ProbeBytes = 16 * 1024;

QString sentenceFor(int error, const QString &directory)
{
    switch (error) {
    case ENOSPC:
    case EDQUOT:
        return QStringLiteral("the disk holding the data directory %1 is full: free some space "
                              "and start spacesd again")
            .arg(directory);
    case EROFS:
        return QStringLiteral("the data directory %1 is on a read-only file system: spacesd "
                              "keeps its database there and must write to it")
            .arg(directory);
    case EACCES:
    case EPERM:
        return QStringLiteral("spacesd may not write to the data directory %1 (permission "
                              "denied): it must belong to the user running spacesd")
            .arg(directory);
    default:
        return QStringLiteral("cannot write to the data directory %1: %2")
            .arg(directory, QString::fromLocal8Bit(std::strerror(error)));
    }
}

} // namespace

QString DataDirectoryProbe::problem(const QString &directory)
{
    if (FaultInjection::diskFull())
        return sentenceFor(ENOSPC, directory);
    const QByteArray path = QFile::encodeName(QDir(directory).filePath(
        QStringLiteral(".spacesd-probe-%1").arg(QCoreApplication::applicationPid())));
    const int fd =
        ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return sentenceFor(errno, directory);
    const QByteArray block(ProbeBytes, '\0');
    int failure = 0;
    qsizetype written = 0;
    while (written < block.size() && failure == 0) {
        const ssize_t count =
            ::write(fd, block.constData() + written, size_t(block.size() - written));
        if (count < 0 && errno != EINTR)
            failure = errno;
        else if (count == 0)
            failure = ENOSPC;
        else if (count > 0)
            written += count;
    }
    if (failure == 0 && ::fsync(fd) != 0)
        failure = errno;
    ::close(fd);
    ::unlink(path.constData());
    return failure == 0 ? QString() : sentenceFor(failure, directory);
}

} // namespace spaces
