#include "SpaceRows.h"

#include "SpaceTemplate.h"
#include "SqlWrite.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace spaces {

namespace {

QSqlQuery run(const QSqlDatabase &db, const QString &sql, const QVariantList &bindings)
{
    QSqlQuery query(db);
    query.setForwardOnly(true); // thousands of rows are read once, in order
    query.prepare(sql);
    SqlWrite::bind(query, bindings);
    if (!query.exec())
        qCWarning(lcStore) << "query failed:" << query.lastError().text();
    return query;
}

} // namespace

SpaceList SpaceRows::read(const QSqlDatabase &db, const QString &where,
                          const QVariantList &bindings)
{
    SpaceList result;
    QSqlQuery query = run(
        db,
        QStringLiteral(
            "SELECT s.id, s.user_id, u.username, s.name, s.description, s.template_id,"
            " t.name, s.shell, s.is_deployed, s.is_pending, s.started_at, s.created_at,"
            " t.document, s.has_state, s.last_exit FROM spaces s JOIN users u ON u.id = s.user_id"
            " JOIN templates t ON t.id = s.template_id WHERE %1 ORDER BY s.name")
            .arg(where),
        bindings);
    while (query.next()) {
        Space space;
        space.id = query.value(0).toString();
        space.userId = query.value(1).toString();
        space.username = query.value(2).toString();
        space.name = query.value(3).toString();
        space.description = query.value(4).toString();
        space.templateId = query.value(5).toString();
        space.templateName = query.value(6).toString();
        space.shell = query.value(7).toString();
        space.isDeployed = query.value(8).toBool();
        space.isPending = query.value(9).toBool();
        space.startedAt = QDateTime::fromString(query.value(10).toString(), Qt::ISODateWithMs);
        space.createdAt = QDateTime::fromString(query.value(11).toString(), Qt::ISODateWithMs);
        space.zone = QStringLiteral("local");
        const SpaceTemplate spaceTemplate = SpaceTemplate::fromJson(
            QJsonDocument::fromJson(query.value(12).toByteArray()).object());
        for (const CustomFieldDefinition &definition : spaceTemplate.customFields)
            space.customFields.append({definition.name, QString()});
        space.platform = spaceTemplate.platform;
        // Knot's "agent connected": only a deployed space can be ready.
        space.hasState = space.isDeployed && query.value(13).toBool();
        space.lastExit = lastExitOf(query.value(14).toString());
        result.append(space);
    }
    // One more query for every field value rather than one per space.
    if (!result.isEmpty()) {
        QHash<QString, qsizetype> indexById;
        for (qsizetype i = 0; i < result.size(); ++i)
            indexById.insert(result[i].id, i);
        QSqlQuery values =
            run(db,
                QStringLiteral("SELECT f.space_id, f.name, f.value FROM field_values f"
                               " JOIN spaces s ON s.id = f.space_id WHERE %1")
                    .arg(where),
                bindings);
        while (values.next()) {
            const auto index = indexById.value(values.value(0).toString(), -1);
            if (index < 0)
                continue;
            for (CustomFieldValue &field : result[index].customFields) {
                if (field.name == values.value(1).toString())
                    field.value = values.value(2).toString();
            }
        }
    }
    return result;
}

QString SpaceRows::lastExitText(const std::optional<SpaceExit> &lastExit)
{
    if (!lastExit)
        return {};
    return QString::fromUtf8(QJsonDocument(lastExit->toJson()).toJson(QJsonDocument::Compact));
}

std::optional<SpaceExit> SpaceRows::lastExitOf(const QString &text)
{
    if (text.isEmpty())
        return std::nullopt;
    return SpaceExit::fromJson(QJsonDocument::fromJson(text.toUtf8()).object());
}

} // namespace spaces
