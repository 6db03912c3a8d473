#include "LaunchGate.h"

#include "ErrnoText.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace spaces {

Expected<LaunchGate> LaunchGate::open()
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        const int saved = errno;
        return ApiError{
            500,
            QStringLiteral("could not create the start gate: %1").arg(ErrnoText::describe(saved))};
    }
    LaunchGate gate;
    gate.m_read.reset(fds[0]);
    gate.m_write.reset(fds[1]);
    return gate;
}

bool LaunchGate::release()
{
    if (!m_write.isValid())
        return false;
    ssize_t written;
    do {
        written = ::write(m_write.get(), "go\n", 3); // far below PIPE_BUF: never blocks
    } while (written < 0 && errno == EINTR);
    m_write.reset();
    return written == 3;
}

QStringList LaunchGate::shellArguments(const QString &shellPath, const QString &command,
                                       const QString &before)
{
    // `read` fails at end of file without a line: the server is gone, so is the space.
    const QString script = before + QStringLiteral("IFS= read -r _ <&3 || exit 125; exec 3<&-; "
                                                   "exec \"$0\" -c \"$1\"");
    return {QStringLiteral("-c"), script, shellPath, command};
}

} // namespace spaces
