#include "FullDisk.h"

#include <QFile>

namespace spaces::test {

namespace {

constexpr qint64 TmpfsBytes = 4 * 1024 * 1024;
constexpr char HookVariable[] = "SPACESD_FAULT_DISK_FULL";

} // namespace

FullDisk::FullDisk() = default;

FullDisk::~FullDisk()
{
    if (!m_flag.isEmpty())
        qunsetenv(HookVariable);
}

bool FullDisk::prepare(QString *whyNot)
{
    m_mount = std::make_unique<TmpfsMount>(TmpfsBytes);
    QString mountProblem;
    if (m_mount->mount(&mountProblem)) {
        m_dataDirectory = m_mount->path() + QStringLiteral("/data");
        return true;
    }
    m_mount.reset();
#ifdef SPACES_FAULT_INJECTION
    Q_UNUSED(whyNot)
    m_temporary = std::make_unique<QTemporaryDir>();
    m_dataDirectory = m_temporary->path() + QStringLiteral("/data");
    m_flag = m_temporary->path() + QStringLiteral("/disk-full");
    qputenv(HookVariable, QFile::encodeName(m_flag));
    qInfo("%s; using spacesd's fault-injection hook instead", qPrintable(mountProblem));
    return true;
#else
    *whyNot = mountProblem +
              QStringLiteral(", and spacesd was built without -DSPACES_FAULT_INJECTION=ON");
    return false;
#endif
}

bool FullDisk::fill(QString *error)
{
    if (m_mount)
        return m_mount->fill(error);
    QFile flag(m_flag);
    if (!flag.open(QIODevice::WriteOnly)) {
        *error = flag.errorString();
        return false;
    }
    return true;
}

bool FullDisk::release()
{
    return m_mount ? m_mount->release() : QFile::remove(m_flag);
}

} // namespace spaces::test
