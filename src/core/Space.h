#pragma once

#include "CustomFieldValue.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace spaces {

// A space as Knot describes it (SpaceInfo in lists, SpaceDefinition in detail): one type
// serves both because the detail is a superset and every field is optional on the wire.
struct Space
{
    QString id;
    QString userId;
    QString username;
    QString name;
    QString description;
    QString templateId;
    QString templateName;
    QString shell;
    QString zone;
    bool isDeployed = false;
    bool isPending = false;
    bool isDeleting = false;
    QDateTime startedAt;
    QDateTime createdAt;
    CustomFieldValues customFields;

    // The state a user sees: Knot reports is_pending while a start or stop is under way.
    enum class State
    {
        Stopped,
        Pending,
        Running,
        Deleting
    };
    State state() const;

    // Value of a custom field, empty when unset.
    QString fieldValue(const QString &fieldName) const;

    static Space fromJson(const QJsonObject &object);
    QJsonObject toJson() const;

    friend bool operator==(const Space &, const Space &) = default;
};

using SpaceList = QList<Space>;

} // namespace spaces
