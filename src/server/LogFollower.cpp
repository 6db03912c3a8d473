#include "LogFollower.h"

#include <QFile>
#include <QFileInfo>

namespace spaces {

namespace {

constexpr int PollMs = 1000;

} // namespace

LogFollower::LogFollower(QString path, qint64 offset, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_offset(offset)
{
    m_readTimer.setSingleShot(true);
    m_readTimer.setInterval(0);
    connect(&m_readTimer, &QTimer::timeout, this, &LogFollower::readMore);
    const auto schedule = [this] {
        if (!m_readTimer.isActive())
            m_readTimer.start();
    };
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, schedule);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, schedule);
    m_pollTimer.setInterval(PollMs);
    connect(&m_pollTimer, &QTimer::timeout, this, schedule);
    m_pollTimer.start();
    watch();
    schedule();
}

void LogFollower::watch()
{
    if (!m_watcher.files().contains(m_path) && QFileInfo::exists(m_path))
        m_watcher.addPath(m_path);
    const QString directory = QFileInfo(m_path).absolutePath();
    if (m_watcher.directories().isEmpty() && QFileInfo::exists(directory))
        m_watcher.addPath(directory);
}

void LogFollower::readMore()
{
    watch();
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const qint64 size = file.size();
    if (size < m_offset) {
        // Truncated (the space started again): its new log begins at the start.
        m_offset = 0;
        m_partial.clear();
    }
    if (size == m_offset || !file.seek(m_offset))
        return;
    const QByteArray piece = file.read(std::min(ChunkBytes, size - m_offset));
    m_offset += piece.size();
    m_partial += piece;
    qsizetype end = m_partial.lastIndexOf('\n') + 1;
    if (end == 0 && m_partial.size() >= MaximumLine) {
        m_partial += '\n';
        end = m_partial.size();
    }
    if (end > 0) {
        const QByteArray lines = m_partial.left(end);
        m_partial.remove(0, end);
        Q_EMIT linesAppended(lines);
    }
    if (m_offset < size)
        m_readTimer.start(); // more to read: on the next turn, after other work
}

} // namespace spaces
