#include "SqlWrite.h"

#include "DataVersion.h"
#include "FaultInjection.h"
#include "StorageError.h"

#include <QSqlError>

namespace spaces {

Q_LOGGING_CATEGORY(lcStore, "spaces.store", QtWarningMsg)

void SqlWrite::bind(QSqlQuery &query, const QVariantList &bindings)
{
    for (const QVariant &value : bindings) {
        if (value.typeId() == QMetaType::QString && value.toString().isNull())
            query.addBindValue(QString(QLatin1StringView("")));
        else
            query.addBindValue(value);
    }
}

Expected<void> SqlWrite::exec(const QSqlDatabase &db, const QString &action, const QString &sql,
                              const QVariantList &bindings)
{
    if (FaultInjection::diskFull()) {
        return StorageError::fromSql(QSqlError(QStringLiteral("injected"),
                                               QStringLiteral("database or disk is full"),
                                               QSqlError::StatementError, QStringLiteral("13")),
                                     action);
    }
    QSqlQuery query(db);
    if (!query.prepare(sql)) {
        const ApiError error = StorageError::fromSql(query.lastError(), action);
        qCWarning(lcStore) << "prepare failed:" << error.message;
        return error;
    }
    bind(query, bindings);
    if (!query.exec()) {
        const ApiError error = StorageError::fromSql(query.lastError(), action);
        qCWarning(lcStore) << "write failed:" << error.message;
        return error;
    }
    // After the statement: a COMMIT (or a statement outside a transaction) is visible now.
    DataVersion::bump();
    return {};
}

Expected<void> SqlWrite::transaction(const QSqlDatabase &db, const QString &action,
                                     const std::function<Expected<void>()> &body)
{
    // Plain statements rather than QSqlDatabase::commit(): the driver's commit error drops
    // SQLite's result code, which is what tells a full disk from other failures.
    if (Expected<void> begun = exec(db, action, QStringLiteral("BEGIN IMMEDIATE")); !begun)
        return begun;
    Expected<void> result = body();
    if (result)
        result = exec(db, action, QStringLiteral("COMMIT"));
    if (!result) {
        // After SQLITE_FULL SQLite may already have rolled back; a second rollback then only
        // says "no transaction is active", which changes nothing.
        QSqlQuery rollback(db);
        rollback.exec(QStringLiteral("ROLLBACK"));
    }
    return result;
}

} // namespace spaces
