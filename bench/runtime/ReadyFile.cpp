#include "ReadyFile.h"

#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace spaces::bench {

ReadyFile::ReadyFile(QString directory, QString name)
    : m_directory(std::move(directory))
    , m_name(std::move(name))
{}

ReadyFile::~ReadyFile()
{
    disarm();
}

QString ReadyFile::path() const
{
    return m_directory + u'/' + m_name;
}

void ReadyFile::disarm()
{
    if (m_inotify >= 0)
        ::close(m_inotify);
    m_inotify = -1;
}

bool ReadyFile::arm(QString *error)
{
    disarm();
    QFile::remove(path());
    m_inotify = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (m_inotify < 0 || ::inotify_add_watch(m_inotify, QFile::encodeName(m_directory).constData(),
                                             IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
        *error = QStringLiteral("cannot watch %1: %2")
                     .arg(m_directory, QString::fromLocal8Bit(std::strerror(errno)));
        disarm();
        return false;
    }
    return true;
}

bool ReadyFile::hasContent() const
{
    return QFileInfo(path()).size() > 0;
}

bool ReadyFile::waitUntilWritten(std::chrono::milliseconds limit)
{
    if (m_inotify < 0)
        return false;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    const QByteArray wanted = QFile::encodeName(m_name);
    // The watch was set before the writer started: any write after arm() queues an event,
    // so checking once up front and then on each event misses nothing.
    while (!hasContent()) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        pollfd entry{m_inotify, POLLIN, 0};
        const int ready = ::poll(&entry, 1, int(left.count()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return false;
        alignas(inotify_event) char buffer[4096];
        const ssize_t got = ::read(m_inotify, buffer, sizeof buffer);
        bool named = false;
        for (ssize_t offset = 0; offset < got;) {
            const auto *event = reinterpret_cast<const inotify_event *>(buffer + offset);
            if (event->len > 0 && wanted == event->name)
                named = true;
            offset += ssize_t(sizeof(inotify_event) + event->len);
        }
        if (named && hasContent())
            break;
    }
    disarm();
    return true;
}

} // namespace spaces::bench
