#include "SpaceListJson.h"

#include "JsonStreamWriter.h"
#include "SpaceRows.h"
#include "SpaceTemplate.h"
#include "SqlWrite.h"
#include "StorageError.h"
#include "Validation.h"

#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QSqlError>
#include <QTime>
#include <QVarLengthArray>
#include <cstring>
#include <sqlite3.h>

namespace spaces {

namespace {

// One row per space, in the list's order.
constexpr const char *RowsSql =
    "SELECT s.id, s.user_id, u.username, s.name, s.description, s.template_id, t.name, s.shell,"
    " s.is_deployed, s.is_pending, s.started_at, s.created_at, s.has_state, s.last_exit"
    " FROM spaces s JOIN users u ON u.id = s.user_id JOIN templates t ON t.id = s.template_id"
    " WHERE s.user_id = ? ORDER BY s.name";
enum RowColumn
{
    IdColumn,
    UserIdColumn,
    UsernameColumn,
    NameColumn,
    DescriptionColumn,
    TemplateIdColumn,
    TemplateNameColumn,
    ShellColumn,
    DeployedColumn,
    PendingColumn,
    StartedAtColumn,
    CreatedAtColumn,
    HasStateColumn,
    LastExitColumn,
};
// Every field value of those spaces in the same order (a space's name is unique to its
// owner), read beside the rows as a second cursor: no per-space query, no hash of ids.
constexpr const char *FieldsSql =
    "SELECT s.name, f.space_id, f.name, f.value FROM field_values f"
    " JOIN spaces s ON s.id = f.space_id WHERE s.user_id = ? ORDER BY s.name";
constexpr const char *CountSql = "SELECT COUNT(*) FROM spaces s JOIN users u ON u.id = s.user_id"
                                 " JOIN templates t ON t.id = s.template_id WHERE s.user_id = ?";

QByteArrayView text(sqlite3_stmt *statement, int column)
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(statement, column));
    return {data, data ? sqlite3_column_bytes(statement, column) : 0};
}

// SQLite's BINARY collation, the order of ORDER BY s.name.
int compareBinary(QByteArrayView a, QByteArrayView b)
{
    const int common = std::memcmp(a.data(), b.data(), size_t(std::min(a.size(), b.size())));
    if (common != 0 || a.size() == b.size())
        return common;
    return a.size() < b.size() ? -1 : 1;
}

int digits(const char *p, int count)
{
    int value = 0;
    for (int i = 0; i < count; ++i) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        value = value * 10 + (p[i] - '0');
    }
    return value;
}

// The Store writes times as UTC with milliseconds ("2026-12-02T07:01:01.123Z"), which is
// what the API answers: such a time is copied as it is. Anything else (a hand-edited
// database) goes through QDateTime as Space::toJson would take it.
void writeTime(JsonStreamWriter &json, QByteArrayView stored)
{
    const char *p = stored.data();
    if (stored.size() == 24 && p[4] == '-' && p[7] == '-' && p[10] == 'T' && p[13] == ':' &&
        p[16] == ':' && p[19] == '.' && p[23] == 'Z') {
        const int year = digits(p, 4);
        const int month = digits(p + 5, 2);
        const int day = digits(p + 8, 2);
        const int hour = digits(p + 11, 2);
        const int minute = digits(p + 14, 2);
        const int second = digits(p + 17, 2);
        const int ms = digits(p + 20, 3);
        if (QDate::isValid(year, month, day) && QTime::isValid(hour, minute, second, ms)) {
            char quoted[26];
            quoted[0] = '"';
            std::memcpy(quoted + 1, p, 24);
            quoted[25] = '"';
            json.raw(QByteArrayView(quoted, sizeof quoted));
            return;
        }
    }
    if (stored.isEmpty())
        return json.string(QByteArrayView());
    const QDateTime time =
        QDateTime::fromString(QString::fromUtf8(stored.data(), stored.size()), Qt::ISODateWithMs);
    json.string(time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString());
}

// The facts of a template the database no longer has (never, within one snapshot).
const SpaceListJson::TemplateFacts &noTemplate()
{
    static const SpaceListJson::TemplateFacts none = [] {
        SpaceListJson::TemplateFacts empty;
        JsonStreamWriter::appendString(empty.platform,
                                       Validation::knownPlatform(SpaceTemplate().platform));
        return empty;
    }();
    return none;
}

// Leaves a statement ready for its next use, however the use ended.
class Finished final
{
public:
    explicit Finished(sqlite3_stmt *statement)
        : m_statement(statement)
    {}
    ~Finished()
    {
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement);
    }
    Finished(const Finished &) = delete;
    Finished &operator=(const Finished &) = delete;

private:
    sqlite3_stmt *m_statement;
};

} // namespace

SpaceListJson::SpaceListJson(sqlite3 *db)
    : m_db(db)
{}

SpaceListJson::~SpaceListJson()
{
    for (sqlite3_stmt *statement : {m_begin, m_commit, m_templates, m_count, m_rows, m_fields})
        sqlite3_finalize(statement); // a null one is a no-op
}

ApiError SpaceListJson::failure() const
{
    const int code = sqlite3_extended_errcode(m_db);
    return StorageError::fromSql(QSqlError(QString(), QString::fromUtf8(sqlite3_errmsg(m_db)),
                                           QSqlError::StatementError, QString::number(code)),
                                 QStringLiteral("read the spaces"));
}

Expected<void> SpaceListJson::prepare(sqlite3_stmt **statement, const char *sql)
{
    if (*statement)
        return {};
    if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, statement, nullptr) !=
        SQLITE_OK) {
        *statement = nullptr;
        qCWarning(lcStore) << "cannot prepare the space list:" << sqlite3_errmsg(m_db);
        return failure();
    }
    return {};
}

Expected<void> SpaceListJson::readTemplates()
{
    // A handful of rows: each template's document is compared with the one its facts were
    // made from, and parsed only when it changed (or is new).
    QHash<QByteArray, TemplateFacts> current;
    const Finished finished(m_templates);
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(m_templates)) == SQLITE_ROW) {
        const QByteArray id = text(m_templates, 0).toByteArray();
        const QByteArrayView document = text(m_templates, 1);
        const auto known = m_templateById.find(id);
        if (known != m_templateById.end() && known->document == document) {
            current.insert(id, std::move(*known));
            continue;
        }
        TemplateFacts facts;
        facts.document = document.toByteArray();
        const SpaceTemplate spaceTemplate =
            SpaceTemplate::fromJson(QJsonDocument::fromJson(facts.document).object());
        JsonStreamWriter::appendString(facts.platform,
                                       Validation::knownPlatform(spaceTemplate.platform));
        for (const CustomFieldDefinition &definition : spaceTemplate.customFields) {
            QByteArray opening("{\"name\":");
            JsonStreamWriter::appendString(opening, definition.name);
            opening.append(",\"value\":");
            facts.fieldOpenings.append(opening);
            facts.fieldNames.append(definition.name.toUtf8());
        }
        current.insert(id, std::move(facts));
    }
    if (step != SQLITE_DONE)
        return failure();
    m_templateById = std::move(current);
    return {};
}

Expected<QByteArray> SpaceListJson::spacesOf(const QString &userId)
{
    for (const auto &[statement, sql] :
         {std::pair{&m_begin, "BEGIN"}, std::pair{&m_commit, "COMMIT"},
          std::pair{&m_templates, "SELECT id, document FROM templates"},
          std::pair{&m_count, CountSql}, std::pair{&m_rows, RowsSql},
          std::pair{&m_fields, FieldsSql}}) {
        if (const Expected<void> prepared = prepare(statement, sql); !prepared)
            return prepared.error();
    }
    // One read transaction: the count, the templates, the rows and the field values are
    // of the same moment, whatever the Store commits meanwhile (WAL keeps that snapshot).
    if (sqlite3_step(m_begin) != SQLITE_DONE) {
        const ApiError error = failure();
        sqlite3_reset(m_begin);
        return error;
    }
    sqlite3_reset(m_begin);
    Expected<QByteArray> body = writeList(userId.toUtf8());
    const int committed = sqlite3_step(m_commit);
    sqlite3_reset(m_commit);
    if (committed != SQLITE_DONE && body)
        return failure();
    return body;
}

Expected<QByteArray> SpaceListJson::writeList(const QByteArray &userId)
{
    if (const Expected<void> read = readTemplates(); !read)
        return read.error();
    const Finished countDone(m_count);
    const Finished rowsDone(m_rows);
    const Finished fieldsDone(m_fields);
    for (sqlite3_stmt *statement : {m_count, m_rows, m_fields})
        sqlite3_bind_text(statement, 1, userId.constData(), int(userId.size()), SQLITE_STATIC);
    if (sqlite3_step(m_count) != SQLITE_ROW)
        return failure();
    const qint64 count = sqlite3_column_int64(m_count, 0);

    QByteArray body;
    body.reserve(std::max<qsizetype>(m_lastSize + m_lastSize / 8, 64));
    JsonStreamWriter json(body);
    json.beginObject();
    json.key("count");
    json.integer(count);
    json.key("spaces");
    json.beginArray();

    int fieldStep = sqlite3_step(m_fields);
    // This space's field values, copied out of the cursor: name and value, one after the other.
    QByteArray fieldBytes;
    QVarLengthArray<qsizetype, 16> fieldBounds;
    const TemplateFacts *facts = nullptr;
    QByteArray factsId;
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(m_rows)) == SQLITE_ROW) {
        const QByteArrayView id = text(m_rows, IdColumn);
        const QByteArrayView name = text(m_rows, NameColumn);
        fieldBytes.clear();
        fieldBounds.clear();
        while (fieldStep == SQLITE_ROW) {
            const int order = compareBinary(text(m_fields, 0), name);
            if (order > 0)
                break;
            if (order == 0 && text(m_fields, 1) == id) {
                for (int column : {2, 3}) {
                    fieldBytes.append(text(m_fields, column));
                    fieldBounds.append(fieldBytes.size());
                }
            }
            fieldStep = sqlite3_step(m_fields);
        }
        if (fieldStep != SQLITE_ROW && fieldStep != SQLITE_DONE)
            return failure();

        // Most spaces share a template with the one before.
        const QByteArrayView templateId = text(m_rows, TemplateIdColumn);
        if (!facts || factsId != templateId) {
            factsId = templateId.toByteArray();
            const auto found = m_templateById.constFind(factsId);
            facts = found == m_templateById.constEnd() ? &noTemplate() : &*found;
        }

        const bool deployed = sqlite3_column_int(m_rows, DeployedColumn) != 0;
        json.beginObject();
        json.key("created_at");
        writeTime(json, text(m_rows, CreatedAtColumn));
        json.key("custom_fields");
        json.beginArray();
        for (qsizetype field = 0; field < facts->fieldNames.size(); ++field) {
            QByteArrayView value;
            for (qsizetype at = 0; at + 1 < fieldBounds.size(); at += 2) {
                const qsizetype start = at == 0 ? 0 : fieldBounds[at - 1];
                const QByteArrayView stored(fieldBytes.constData() + start,
                                            fieldBounds[at] - start);
                if (stored == facts->fieldNames[field]) {
                    value = QByteArrayView(fieldBytes.constData() + fieldBounds[at],
                                           fieldBounds[at + 1] - fieldBounds[at]);
                    break;
                }
            }
            json.raw(facts->fieldOpenings[field]);
            JsonStreamWriter::appendString(body, value);
            body.append('}');
        }
        json.endArray();
        json.key("description");
        json.string(text(m_rows, DescriptionColumn));
        json.key("has_code_server");
        json.boolean(false);
        json.key("has_ssh");
        json.boolean(false);
        json.key("has_state"); // Knot's "agent connected": only a deployed space can be ready
        json.boolean(deployed && sqlite3_column_int(m_rows, HasStateColumn) != 0);
        json.key("has_terminal");
        json.boolean(false);
        json.key("is_deleting");
        json.boolean(false);
        json.key("is_deployed");
        json.boolean(deployed);
        json.key("is_pending");
        json.boolean(sqlite3_column_int(m_rows, PendingColumn) != 0);
        json.key("is_remote");
        json.boolean(false);
        json.key("last_exit");
        if (const QByteArrayView lastExit = text(m_rows, LastExitColumn); lastExit.isEmpty()) {
            json.null();
        } else {
            // Rare (a space that failed): read and written as Space::toJson does.
            const std::optional<SpaceExit> exit =
                SpaceRows::lastExitOf(QString::fromUtf8(lastExit.data(), lastExit.size()));
            if (exit)
                json.raw(QJsonDocument(exit->toJson()).toJson(QJsonDocument::Compact));
            else
                json.null();
        }
        json.key("name");
        json.string(name);
        json.key("platform");
        json.raw(facts->platform);
        json.key("shell");
        json.string(text(m_rows, ShellColumn));
        json.key("space_id");
        json.string(id);
        json.key("started_at");
        writeTime(json, text(m_rows, StartedAtColumn));
        json.key("template_id");
        json.string(templateId);
        json.key("template_name");
        json.string(text(m_rows, TemplateNameColumn));
        json.key("user_id");
        json.string(text(m_rows, UserIdColumn));
        json.key("username");
        json.string(text(m_rows, UsernameColumn));
        json.key("zone");
        json.string(QByteArrayView("local"));
        json.endObject();
    }
    if (step != SQLITE_DONE)
        return failure();
    json.endArray();
    json.endObject();
    m_lastSize = body.size();
    return body;
}

} // namespace spaces
