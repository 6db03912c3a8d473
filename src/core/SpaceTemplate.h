#pragma once

#include "CustomFieldDefinition.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace spaces {

// What a space is made from. Knot's TemplateInfo names the common fields; a local template
// adds what `spacesd` needs to run it: the services' startup command, environment and shell.
struct SpaceTemplate
{
    QString id;
    QString name;
    QString description;
    // Knot's enum: manual, docker, podman, ... A local template that names none runs in the
    // sandbox, which Knot's enum calls "container"; "manual" runs unconfined.
    QString platform = QStringLiteral("container");
    bool active = true;     // Knot lists inactive templates too; nothing may be made from them
    QString shell;          // default shell of spaces made from it; empty: the user's
    QString startupCommand; // empty: no services, the space is just a home folder
    QMap<QString, QString> environment;
    // "platform": "podman": the image the container is made from, and extra volumes
    // ("source:target[:options]", as podman's --volume takes them).
    QString image;
    QStringList volumes;
    CustomFieldDefinitions customFields;
    // "ready": when the services are ready (Knot's has_state): a TCP port that answers on
    // 127.0.0.1 inside the space ("${port}" takes a custom field; "${port:-8000}" a default),
    // or a command that exits 0 there; none: ready as soon as the space is deployed.
    struct Readiness
    {
        QString port;
        QString command;
        int timeoutSeconds = 60; // a check that has not passed by then fails the start
        bool isDeclared() const { return !port.isEmpty() || !command.isEmpty(); }
        friend bool operator==(const Readiness &, const Readiness &) = default;
    };
    Readiness ready;
    // Told by the server in its template list (never stored): whether it can run spaces of
    // this template at all, and if not, why ("Podman is not installed").
    bool available = true;
    QString unavailableReason;

    bool definesField(const QString &fieldName) const;

    static SpaceTemplate fromJson(const QJsonObject &object);
    QJsonObject toJson() const;

    friend bool operator==(const SpaceTemplate &, const SpaceTemplate &) = default;
};

using SpaceTemplateList = QList<SpaceTemplate>;

} // namespace spaces
