#pragma once

#include "Space.h"
#include "SpaceTemplate.h"

#include <QStringList>

namespace spaces {

// The environment a space's processes see: this server's own environment (PATH, locale)
// with HOME and SHELL pointing into the space, then the template's variables, then the
// space's custom fields, then SPACE_NAME and SPACE_ID. Template values may refer to custom
// fields and to SPACE_NAME/SPACE_ID as ${name}.
class SpaceEnvironment final
{
public:
    static QStringList build(const Space &space, const SpaceTemplate &spaceTemplate,
                             const QString &home, const QString &shellPath);
    static QString expand(const QString &text, const QHash<QString, QString> &values);
};

} // namespace spaces
