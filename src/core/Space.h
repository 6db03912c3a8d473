#pragma once

#include "CustomFieldValue.h"
#include "SpaceExit.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

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
    QString platform = QStringLiteral("manual"); // Knot's enum: manual, docker, podman, ...
    bool isDeployed = false;
    bool isPending = false;
    bool isDeleting = false;
    // Whether the space's agent is connected; absent when the server does not say (then a
    // deployed space is ready). Knot reports is_deployed before the agent is there.
    std::optional<bool> hasState;
    // Why its services last ended on their own or its last start failed (spacesd's
    // `last_exit`; Knot has no such field). Cleared by the next successful start.
    std::optional<SpaceExit> lastExit;
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
    // Deployed, and able to run commands: the agent is connected where the server tells.
    bool isReady() const { return isDeployed && hasState.value_or(true); }

    // Value of a custom field, empty when unset.
    QString fieldValue(const QString &fieldName) const;

    static Space fromJson(const QJsonObject &object);
    QJsonObject toJson() const;

    friend bool operator==(const Space &, const Space &) = default;
};

using SpaceList = QList<Space>;

} // namespace spaces
