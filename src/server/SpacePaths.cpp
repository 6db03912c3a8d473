#include "SpacePaths.h"

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

bool SpacePaths::prepare(const QString &spaceId, QString *error) const
{
    for (const QString &path : {home(spaceId), scratchDirectory(spaceId)}) {
        if (!QDir().mkpath(path)) {
            *error = QStringLiteral("cannot create the folder %1").arg(path);
            return false;
        }
    }
    return true;
}

} // namespace spaces
