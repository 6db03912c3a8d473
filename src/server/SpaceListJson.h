#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace spaces {

// The body of GET /api/spaces, {"count": N, "spaces": [...]}, written from SQLite's rows
// straight into the answer's bytes: no Space, QVariant or QJsonObject per space, so 10,000
// spaces cost a few milliseconds rather than a few hundred. The bytes are those
// QJsonDocument writes for the same list of Space::toJson() (tst_space_list_json compares
// them), members in its sorted order.
//
// One per reader thread and connection (`db` is that connection's handle, which must outlive
// this): it keeps its statements prepared and each template's parsed facts, parsed again only
// when the template's document changes.
class SpaceListJson final
{
public:
    explicit SpaceListJson(sqlite3 *db);
    ~SpaceListJson();
    SpaceListJson(const SpaceListJson &) = delete;
    SpaceListJson &operator=(const SpaceListJson &) = delete;

    // The spaces of the user ordered by name, as one consistent snapshot of the database.
    Expected<QByteArray> spacesOf(const QString &userId);

    // What the list needs of a template, as JSON fragments ready to copy.
    struct TemplateFacts
    {
        QByteArray document; // what they were made from: parsed again when it differs
        QByteArray platform; // the JSON string of Knot's platform
        // Per custom field the template defines, in its order: `{"name":"…","value":`.
        QList<QByteArray> fieldOpenings;
        QList<QByteArray> fieldNames; // UTF-8, to match the stored values' names
    };

private:
    Expected<void> prepare(sqlite3_stmt **statement, const char *sql);
    Expected<void> readTemplates();
    Expected<QByteArray> writeList(const QByteArray &userId);
    ApiError failure() const;

    sqlite3 *m_db;
    sqlite3_stmt *m_begin = nullptr;
    sqlite3_stmt *m_commit = nullptr;
    sqlite3_stmt *m_templates = nullptr;
    sqlite3_stmt *m_count = nullptr;
    sqlite3_stmt *m_rows = nullptr;
    sqlite3_stmt *m_fields = nullptr;
    QHash<QByteArray, TemplateFacts> m_templateById;
    qsizetype m_lastSize = 0; // the last body's size: the next one is reserved at once
};

} // namespace spaces
