#include "StorageError.h"

#include <cerrno>
#include <cstring>

namespace spaces {

namespace {

// SQLite's primary result codes (sqlite3.h); Qt's driver reports them as nativeErrorCode.
enum SqliteCode
{
    SqlitePerm = 3,
    SqliteReadOnly = 8,
    SqliteIoError = 10,
    SqliteCorrupt = 11,
    SqliteFull = 13,
    SqliteCantOpen = 14,
    SqliteNotADatabase = 26,
};

ApiError diskFull(const QString &action)
{
    return {StorageError::InsufficientStorage,
            QStringLiteral("Insufficient storage: cannot %1: the disk holding the data directory "
                           "is full")
                .arg(action)};
}

} // namespace

ApiError StorageError::fromSql(const QSqlError &error, const QString &action)
{
    bool numeric = false;
    // Extended codes carry the primary one in their low byte.
    const int code = error.nativeErrorCode().toInt(&numeric) & 0xff;
    const QString detail = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    if (numeric) {
        switch (code) {
        case SqliteFull:
            return diskFull(action);
        case SqliteReadOnly:
            return {
                500,
                QStringLiteral("cannot %1: the database is read-only (%2)").arg(action, detail)};
        case SqliteIoError:
            return {500, QStringLiteral("cannot %1: disk I/O error (%2)").arg(action, detail)};
        case SqliteCorrupt:
        case SqliteNotADatabase:
            return {500,
                    QStringLiteral("cannot %1: the database is corrupt (%2)").arg(action, detail)};
        case SqlitePerm:
        case SqliteCantOpen:
            return {500, QStringLiteral("cannot %1: the database cannot be opened (%2)")
                             .arg(action, detail)};
        default:
            break;
        }
    }
    return {500, QStringLiteral("cannot %1: %2").arg(action, detail)};
}

ApiError StorageError::fromErrno(int error, const QString &action)
{
    if (error == ENOSPC || error == EDQUOT)
        return diskFull(action);
    if (error == EROFS)
        return {500, QStringLiteral("cannot %1: the data directory is on a read-only file system")
                         .arg(action)};
    return {
        500,
        QStringLiteral("cannot %1: %2").arg(action, QString::fromLocal8Bit(std::strerror(error)))};
}

} // namespace spaces
