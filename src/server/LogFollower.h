#pragma once

#include <QByteArray>
#include <QFileSystemWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

namespace spaces {

// Follows a growing log file from an offset, as `tail -F` does: complete lines as they are
// appended (a restart that truncates the file starts again from its beginning; a file not
// there yet is waited for). Lives on the server thread; reads at most a bounded amount per
// turn of the event loop, so that a service writing without pause delays nobody.
class LogFollower final : public QObject
{
    Q_OBJECT

public:
    LogFollower(QString path, qint64 offset, QObject *parent = nullptr);

    // Bytes read per turn of the event loop, at most.
    static constexpr qint64 ChunkBytes = 256 * 1024;
    // A line longer than this is passed on in pieces.
    static constexpr qsizetype MaximumLine = 64 * 1024;

Q_SIGNALS:
    // One or more complete lines, each ending with '\n'.
    void linesAppended(const QByteArray &lines);

private:
    void readMore();
    void watch();

    QString m_path;
    qint64 m_offset = 0;
    QByteArray m_partial; // the start of a line still being written
    QFileSystemWatcher m_watcher;
    // inotify says when the file changes; the timer covers what it cannot (a file system
    // without notifications, the file replaced while unwatched).
    QTimer m_pollTimer;
    QTimer m_readTimer;
};

} // namespace spaces
