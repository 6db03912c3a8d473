#include "PidNamespaceSignal.h"

#include "UniqueFd.h"

#include <QByteArray>
#include <cerrno>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace spaces {

namespace {

bool isNumber(const char *name)
{
    if (*name == '\0')
        return false;
    for (const char *p = name; *p; ++p) {
        if (*p < '0' || *p > '9')
            return false;
    }
    return true;
}

} // namespace

int PidNamespaceSignal::sendToAllButInit(const PidHandle &init, int signal)
{
    const QByteArray path = "/proc/" + QByteArray::number(init.pid()) + "/root/proc";
    UniqueFd procFd(::open(path.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    // Opened, then checked: the descriptor belongs to the namespace of this very init.
    if (!procFd.isValid() || !init.isAlive())
        return -1;
    // A /proc without "self" is not a procfs (the sandbox mounted none there).
    if (::faccessat(procFd.get(), "self", F_OK, AT_SYMLINK_NOFOLLOW) != 0)
        return -1;
    const int listFd = ::fcntl(procFd.get(), F_DUPFD_CLOEXEC, 0);
    if (listFd < 0)
        return -1;
    DIR *entries = ::fdopendir(listFd);
    if (!entries) {
        ::close(listFd);
        return -1;
    }
    int signalled = 0;
    while (const dirent *entry = ::readdir(entries)) {
        if (!isNumber(entry->d_name) || std::strtol(entry->d_name, nullptr, 10) == 1)
            continue;
        const UniqueFd process(
            ::openat(procFd.get(), entry->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (process.isValid() &&
            ::syscall(SYS_pidfd_send_signal, process.get(), signal, nullptr, 0) == 0)
            ++signalled;
    }
    ::closedir(entries);
    return signalled;
}

} // namespace spaces
