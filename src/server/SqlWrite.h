#pragma once

#include "Expected.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>
#include <functional>

namespace spaces {

Q_DECLARE_LOGGING_CATEGORY(lcStore)

// Statements that change the Store, each checked: a write is reported done only once SQLite
// has committed it, and a failure carries the sentence the API answers (see StorageError).
class SqlWrite final
{
public:
    // Runs one statement (prepared, positional bindings). Outside a transaction SQLite
    // commits it on its own, so a disk-full commit is reported here.
    static Expected<void> exec(const QSqlDatabase &db, const QString &action, const QString &sql,
                               const QVariantList &bindings = {});

    // BEGIN IMMEDIATE, the body, COMMIT; ROLLBACK when the body or the commit fails, so the
    // previous state stays whole.
    static Expected<void> transaction(const QSqlDatabase &db, const QString &action,
                                      const std::function<Expected<void>()> &body);

    // Binds values as the schema wants them: a null QString becomes '' (not SQL NULL).
    static void bind(QSqlQuery &query, const QVariantList &bindings);
};

} // namespace spaces
