#pragma once

#include "ApiError.h"

#include <QSqlError>
#include <QString>

namespace spaces {

// What a failed write of the server's state means for the caller, as the API answers it:
// 507 "Insufficient storage: ..." when the disk is full, 500 with the reason otherwise
// (read-only, I/O error, corrupt database). `action` completes "cannot ...", e.g.
// "save the space".
class StorageError final
{
public:
    static ApiError fromSql(const QSqlError &error, const QString &action);
    static ApiError fromErrno(int error, const QString &action);

    static bool isDiskFull(const ApiError &error) { return error.status == InsufficientStorage; }

    static constexpr int InsufficientStorage = 507;
};

} // namespace spaces
