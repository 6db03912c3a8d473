#pragma once

#include "Space.h"
#include "SpaceTemplate.h"

#include <QStringList>

namespace spaces {

// The environment a space's processes see: this server's own environment (PATH, locale)
// with HOME and SHELL pointing into the space, then the template's variables, then the
// space's custom fields, then SPACE_NAME and SPACE_ID. Template values may refer to custom
// fields and to SPACE_NAME/SPACE_ID as ${name}. Last, the Remote environment
// (RemoteEnvironment): SPACES_URL and SPACES_TOKEN, SPACES_URL_FILE (where the current address
// is kept) and under TLS SPACES_CA_FILE, and the `spaces` module's folder first on
// PYTHONPATH. The server's own variables of these names never reach a space.
class SpaceEnvironment final
{
public:
    // As the space sees them; an empty one is left out.
    struct Remote
    {
        QString url;
        QString token;
        QString pythonPath;
        QString urlFile;
        QString caFile;
    };
    static QStringList build(const Space &space, const SpaceTemplate &spaceTemplate,
                             const QString &home, const QString &shellPath,
                             const Remote &remote = {});
    static QString expand(const QString &text, const QHash<QString, QString> &values);
};

} // namespace spaces
