#include "FaultInjection.h"

#ifdef SPACES_FAULT_INJECTION
#include <QFile>
#include <QtGlobal>
#endif

namespace spaces {

bool FaultInjection::diskFull()
{
#ifdef SPACES_FAULT_INJECTION
    const QByteArray flag = qgetenv("SPACESD_FAULT_DISK_FULL");
    return !flag.isEmpty() && QFile::exists(QFile::decodeName(flag));
#else
    return false;
#endif
}

} // namespace spaces
