#include "PrivateFiles.h"

#include "FaultInjection.h"
#include "SqlWrite.h"
#include "StorageError.h"

#include <QDir>
#include <QFileInfo>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace spaces {

namespace {

// Retries what a signal interrupted.
template<typename Call> auto retrying(Call call)
{
    decltype(call()) result;
    do {
        result = call();
    } while (result < 0 && errno == EINTR);
    return result;
}

} // namespace

Expected<void> PrivateFiles::makeDirectory(const QString &path, const QString &action)
{
    const QString clean = QDir::cleanPath(QDir(path).absolutePath());
    // Parents first, so that each one created gets our mode rather than the umask's.
    const QStringList parts = clean.split(u'/', Qt::SkipEmptyParts);
    QString current;
    for (const QString &part : parts) {
        current += u'/' + part;
        const QByteArray native = QFile::encodeName(current);
        if (::mkdir(native.constData(), DirectoryMode) == 0)
            continue;
        if (errno != EEXIST)
            return StorageError::fromErrno(errno, action);
    }
    struct stat info = {};
    if (::lstat(QFile::encodeName(clean).constData(), &info) != 0)
        return StorageError::fromErrno(errno, action);
    if (!S_ISDIR(info.st_mode))
        return ApiError{500, QStringLiteral("cannot %1: %2 is not a folder").arg(action, clean)};
    tightenFile(clean);
    return {};
}

Expected<void> PrivateFiles::createFile(const QString &path, const QString &action)
{
    const QByteArray native = QFile::encodeName(path);
    struct stat info = {};
    if (::lstat(native.constData(), &info) == 0) {
        tightenFile(path);
        return {};
    }
    const int fd = retrying([&] {
        return ::open(native.constData(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, FileMode);
    });
    if (fd < 0)
        return StorageError::fromErrno(errno, action);
    if (::close(fd) != 0)
        return StorageError::fromErrno(errno, action);
    return {};
}

Expected<void> PrivateFiles::writeNewFile(const QString &path, const QByteArray &data, mode_t mode,
                                          bool durable, const QString &action)
{
    if (FaultInjection::diskFull())
        return StorageError::fromErrno(ENOSPC, action);
    const QByteArray native = QFile::encodeName(path);
    const int fd = retrying([&] {
        return ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                      mode);
    });
    if (fd < 0)
        return StorageError::fromErrno(errno, action);
    int failure = 0;
    qsizetype written = 0;
    // write() may write less than asked (a full disk, a signal): go on until all is written
    // or the system says why not.
    while (written < data.size() && failure == 0) {
        const ssize_t count = retrying(
            [&] { return ::write(fd, data.constData() + written, size_t(data.size() - written)); });
        if (count < 0)
            failure = errno;
        else if (count == 0)
            failure = ENOSPC;
        else
            written += count;
    }
    if (failure == 0 && durable && ::fsync(fd) != 0)
        failure = errno;
    // close() is where some file systems (NFS) report a write that failed.
    if (::close(fd) != 0 && failure == 0 && errno != EINTR)
        failure = errno;
    if (failure != 0) {
        ::unlink(native.constData());
        return StorageError::fromErrno(failure, action);
    }
    return {};
}

void PrivateFiles::tightenFile(const QString &path)
{
    const QByteArray native = QFile::encodeName(path);
    struct stat info = {};
    if (::lstat(native.constData(), &info) != 0 || S_ISLNK(info.st_mode))
        return;
    if ((info.st_mode & 077) == 0)
        return;
    const mode_t tightened = info.st_mode & 0700 & ~mode_t(S_IFMT);
    if (::chmod(native.constData(), tightened) != 0) {
        qCWarning(lcStore) << "cannot make" << path << "private:" << qt_error_string(errno);
    } else {
        qCInfo(lcStore, "made %s private (mode %o, was %o)", qPrintable(path), unsigned(tightened),
               unsigned(info.st_mode & 0777));
    }
}

void PrivateFiles::tightenDataDirectory(const QString &dataDirectory)
{
    const QDir data(dataDirectory);
    tightenFile(data.absolutePath());
    const QDir::Filters all = QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot;
    const QFileInfoList top = data.entryInfoList(all);
    for (const QFileInfo &entry : top)
        tightenFile(entry.absoluteFilePath());
    const QDir spaces(data.filePath(QStringLiteral("spaces")));
    const QFileInfoList perSpace = spaces.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QFileInfo &space : perSpace) {
        if (space.isSymLink())
            continue;
        const QDir folder(space.absoluteFilePath());
        // The space's log and folders, and what lies directly in its home (service.env and
        // the like hold custom field values); deeper in the home is the user's own work.
        for (const QDir &level : {folder, QDir(folder.filePath(QStringLiteral("home")))}) {
            const QFileInfoList inside = level.entryInfoList(all);
            for (const QFileInfo &entry : inside)
                tightenFile(entry.absoluteFilePath());
        }
    }
}

} // namespace spaces
