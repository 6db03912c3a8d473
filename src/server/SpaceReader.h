#pragma once

#include "Expected.h"
#include "Space.h"

#include <QString>
#include <QThreadPool>
#include <QThreadStorage>
#include <functional>

namespace spaces {

// Big reads of the Store off the Qt thread: each of its threads keeps a read-only SQLite
// connection of its own (QSqlDatabase connections belong to one thread), which WAL mode lets
// read while the Store's connection writes. A read sees every write committed before it was
// asked for, so an answer never lags behind a write the same client was told was done.
class SpaceReader final
{
public:
    static constexpr int DefaultThreads = 2;

    explicit SpaceReader(QString databasePath, int threads = DefaultThreads);
    // Waits for the reads under way; each thread closes its connection as it ends.
    ~SpaceReader();
    SpaceReader(const SpaceReader &) = delete;
    SpaceReader &operator=(const SpaceReader &) = delete;

    // `done` runs on a reader thread, with the spaces of the user (ordered by name) or the
    // reason they could not be read.
    using Done = std::function<void(const Expected<SpaceList> &)>;
    void spacesOf(const QString &userId, Done done);
    // The same list as the body of GET /api/spaces ({"count", "spaces"}), written straight
    // from the rows (SpaceListJson); `done` runs on a reader thread.
    using BodyDone = std::function<void(const Expected<QByteArray> &)>;
    void listBodyOf(const QString &userId, BodyDone done);

private:
    class Connection;
    Expected<Connection *> connectionOfThisThread();

    QString m_path;
    QString m_namePrefix;
    // Before the pool: the pool's threads end first and delete their connections as they go.
    QThreadStorage<Connection *> m_connections;
    QThreadPool m_pool;
};

} // namespace spaces
