#pragma once

#include "Space.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

namespace spaces {

// Reads spaces (with username, template name, platform and every field value) from any
// connection to the database: the Store's own on the Qt thread, or a read-only one of
// SpaceReader on a worker.
class SpaceRows final
{
public:
    // `where` is a condition on spaces `s`, with positional bindings.
    static SpaceList read(const QSqlDatabase &db, const QString &where,
                          const QVariantList &bindings);

    // The last_exit column: JSON of the SpaceExit, '' for none.
    static QString lastExitText(const std::optional<SpaceExit> &lastExit);
    static std::optional<SpaceExit> lastExitOf(const QString &text);
};

} // namespace spaces
