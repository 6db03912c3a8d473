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
