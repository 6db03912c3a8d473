#include "TmpfsMount.h"

#include <QDir>
#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

namespace spaces::test {

namespace {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

TmpfsMount::TmpfsMount(qint64 sizeBytes)
    : m_parent(std::make_unique<QTemporaryDir>())
    , m_mountPoint(m_parent->path() + QStringLiteral("/tmpfs"))
    , m_sizeBytes(sizeBytes)
{}

TmpfsMount::~TmpfsMount()
{
    if (m_mounted)
        ::umount2(QFile::encodeName(m_mountPoint).constData(), MNT_DETACH);
}

bool TmpfsMount::mount(QString *whyNot)
{
    if (::geteuid() != 0) {
        *whyNot =
            QStringLiteral("mounting a tmpfs needs root (running as uid %1)").arg(::geteuid());
        return false;
    }
    if (!QDir().mkpath(m_mountPoint)) {
        *whyNot = QStringLiteral("cannot create the mount point %1").arg(m_mountPoint);
        return false;
    }
    const QByteArray options = "size=" + QByteArray::number(m_sizeBytes) + ",mode=0700";
    if (::mount("tmpfs", QFile::encodeName(m_mountPoint).constData(), "tmpfs", MS_NOSUID | MS_NODEV,
                options.constData()) != 0) {
        *whyNot = QStringLiteral("mount -t tmpfs failed: %1").arg(errnoText(errno));
        return false;
    }
    m_mounted = true;
    return true;
}

bool TmpfsMount::fill(QString *error)
{
    const QByteArray path = QFile::encodeName(m_mountPoint + QStringLiteral("/filler"));
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error = QStringLiteral("cannot create the filler: %1").arg(errnoText(errno));
        return false;
    }
    // Big blocks first, then ever smaller ones, until not a byte more fits.
    const QByteArray block(1024 * 1024, 'x');
    qsizetype size = block.size();
    int failure = 0;
    while (size > 0) {
        const ssize_t written = ::write(fd, block.constData(), size_t(size));
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0) {
            failure = errno;
            size /= 2;
        }
    }
    ::close(fd);
    if (failure != ENOSPC) {
        *error = QStringLiteral("filling the tmpfs ended with: %1").arg(errnoText(failure));
        return false;
    }
    return true;
}

bool TmpfsMount::release()
{
    return QFile::remove(m_mountPoint + QStringLiteral("/filler"));
}

bool TmpfsMount::remount(bool readOnly, QString *error)
{
    const unsigned long flags = MS_REMOUNT | MS_NOSUID | MS_NODEV | (readOnly ? MS_RDONLY : 0);
    const QByteArray options = "size=" + QByteArray::number(m_sizeBytes) + ",mode=0700";
    if (::mount("tmpfs", QFile::encodeName(m_mountPoint).constData(), "tmpfs", flags,
                options.constData()) != 0) {
        *error = QStringLiteral("remount failed: %1").arg(errnoText(errno));
        return false;
    }
    return true;
}

} // namespace spaces::test
