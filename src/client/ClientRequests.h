#pragma once

#include "CustomFieldValue.h"

#include <QString>
#include <QStringList>

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

struct RunCommandRequest
{
    QString command;
    QStringList arguments;
    int timeoutSeconds = 30;
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
