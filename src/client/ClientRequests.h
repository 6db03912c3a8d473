#pragma once

#include "CustomFieldValue.h"
#include "Validation.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace spaces {

// What the calls that take more than a name send (Knot's request bodies).

struct CreateSpaceRequest
{
    QString name;
    QString templateId; // a template id; SpacesClient::createSpace does not resolve names
    QString description;
    QString shell; // empty: the user's preferred shell
    CustomFieldValues customFields;
};

// What an update changes; everything else the server has stays as it is (Knot's PUT replaces
// the whole definition, so the client reads it first and sends every field back).
struct SpaceChange
{
    std::optional<QString> name;
    std::optional<QString> description;
    std::optional<QString> shell;

    bool isEmpty() const { return !name && !description && !shell; }
};

struct RunCommandRequest
{
    QString command;
    QStringList arguments;
    int timeoutSeconds = int(Validation::DefaultRunTimeout.count());
    QString workdir;
};

struct ExecuteScriptRequest
{
    // Exactly one of the three.
    QString scriptName;
    QString scriptId;
    QString content;
    QStringList arguments;
};

struct PortForwardRequest
{
    int localPort = 0;
    QString targetSpace; // name or id
    int remotePort = 0;
    bool persistent = false;
    bool force = false;
};

} // namespace spaces
