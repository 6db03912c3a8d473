#include "SpaceReader.h"

#include "SpaceListJson.h"
#include "SpaceRows.h"
#include "StorageError.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>
#include <QUuid>
#include <memory>
#include <sqlite3.h>

namespace spaces {

// One thread's read-only connection; removed on that thread when it ends.
class SpaceReader::Connection final
{
public:
    explicit Connection(QString name)
        : m_name(std::move(name))
    {}
    ~Connection()
    {
        m_list.reset(); // its statements are finalized before the connection closes
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            if (db.isOpen())
                db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    const QString &name() const { return m_name; }

    // The list writer on this connection's own SQLite handle (Qt's driver shares it).
    SpaceListJson *list()
    {
        if (!m_list) {
            const QVariant handle = QSqlDatabase::database(m_name, false).driver()->handle();
            if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
                return nullptr;
            sqlite3 *db = *static_cast<sqlite3 *const *>(handle.constData());
            if (!db)
                return nullptr;
            m_list = std::make_unique<SpaceListJson>(db);
        }
        return m_list.get();
    }

private:
    QString m_name;
    std::unique_ptr<SpaceListJson> m_list;
};

SpaceReader::SpaceReader(QString databasePath, int threads)
    : m_path(std::move(databasePath))
    , m_namePrefix(QStringLiteral("spaces-reader-") +
                   QUuid::createUuid().toString(QUuid::WithoutBraces) + u'-')
{
    m_pool.setMaxThreadCount(threads);
}

SpaceReader::~SpaceReader()
{
    m_pool.waitForDone();
}

Expected<SpaceReader::Connection *> SpaceReader::connectionOfThisThread()
{
    if (m_connections.hasLocalData())
        return m_connections.localData();
    const QString name =
        m_namePrefix + QString::number(reinterpret_cast<quintptr>(QThread::currentThreadId()));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        const ApiError error =
            StorageError::fromSql(db.lastError(), QStringLiteral("read the database"));
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return error;
    }
    m_connections.setLocalData(new Connection(name));
    return m_connections.localData();
}

void SpaceReader::spacesOf(const QString &userId, Done done)
{
    m_pool.start([this, userId, done = std::move(done)] {
        const Expected<Connection *> connection = connectionOfThisThread();
        if (!connection)
            return done(connection.error());
        done(SpaceRows::read(QSqlDatabase::database((*connection)->name(), false),
                             QStringLiteral("s.user_id = ?"), {userId}));
    });
}

void SpaceReader::listBodyOf(const QString &userId, BodyDone done)
{
    m_pool.start([this, userId, done = std::move(done)] {
        const Expected<Connection *> connection = connectionOfThisThread();
        if (!connection)
            return done(connection.error());
        SpaceListJson *list = (*connection)->list();
        if (!list)
            return done(ApiError{500, QStringLiteral("cannot read the spaces: the database "
                                                     "driver is not SQLite's")});
        done(list->spacesOf(userId));
    });
}

} // namespace spaces
