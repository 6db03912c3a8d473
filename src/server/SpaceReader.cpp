#include "SpaceReader.h"

#include "SpaceRows.h"
#include "StorageError.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QThread>
#include <QUuid>

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
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            if (db.isOpen())
                db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    const QString &name() const { return m_name; }

private:
    QString m_name;
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

Expected<QString> SpaceReader::connectionOfThisThread()
{
    if (m_connections.hasLocalData())
        return m_connections.localData()->name();
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
    return name;
}

void SpaceReader::spacesOf(const QString &userId, Done done)
{
    m_pool.start([this, userId, done = std::move(done)] {
        const Expected<QString> name = connectionOfThisThread();
        if (!name)
            return done(name.error());
        done(SpaceRows::read(QSqlDatabase::database(*name, false), QStringLiteral("s.user_id = ?"),
                             {userId}));
    });
}

} // namespace spaces
