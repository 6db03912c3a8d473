#include "SpacePaths.h"

#include "PrivateFiles.h"

#include <QDir>

namespace spaces {

QString SpacePaths::databaseFile() const
{
    return QDir(m_dataDirectory).filePath(QStringLiteral("spaces.db"));
}

QString SpacePaths::spaceDirectory(const QString &spaceId) const
{
    return QDir(m_dataDirectory).filePath(QStringLiteral("spaces/") + spaceId);
}

QString SpacePaths::home(const QString &spaceId) const
{
    return spaceDirectory(spaceId) + QStringLiteral("/home");
}

QString SpacePaths::logFile(const QString &spaceId) const
{
    return spaceDirectory(spaceId) + QStringLiteral("/space.log");
}

QString SpacePaths::scratchDirectory(const QString &spaceId) const
{
    return spaceDirectory(spaceId) + QStringLiteral("/scripts");
}

Expected<void> SpacePaths::prepare(const QString &spaceId) const
{
    for (const QString &path : {home(spaceId), scratchDirectory(spaceId)}) {
        if (Expected<void> made =
                PrivateFiles::makeDirectory(path, QStringLiteral("create the folder %1").arg(path));
            !made)
            return made;
    }
    return {};
}

} // namespace spaces
