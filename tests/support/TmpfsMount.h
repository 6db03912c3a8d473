#pragma once

#include <QString>
#include <QTemporaryDir>
#include <memory>

namespace spaces::test {

// A small tmpfs of the test's own, for the cases a real disk cannot be made to show on
// demand: full (fill() takes every free byte) and read-only. Needs root (or CAP_SYS_ADMIN);
// mount() says why not otherwise, for the test's QSKIP. The destructor unmounts (lazily, so
// a process still holding a file cannot leave the mount behind) and removes the folder.
class TmpfsMount final
{
public:
    explicit TmpfsMount(qint64 sizeBytes);
    ~TmpfsMount();
    TmpfsMount(const TmpfsMount &) = delete;
    TmpfsMount &operator=(const TmpfsMount &) = delete;

    // Mounts; false with *whyNot set when this process may not mount.
    bool mount(QString *whyNot);
    QString path() const { return m_mountPoint; }

    // Writes a filler file until the file system refuses even one byte.
    bool fill(QString *error);
    // Removes the filler.
    bool release();
    bool remount(bool readOnly, QString *error);

private:
    std::unique_ptr<QTemporaryDir> m_parent;
    QString m_mountPoint;
    qint64 m_sizeBytes = 0;
    bool m_mounted = false;
};

} // namespace spaces::test
