#include "ServerInfo.h"

#include "JsonFields.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace spaces {

QString ServerInfo::defaultDataDirectory()
{
    // Independent of the calling program's name: spacesd, spacectl and the app share it.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/spaces-desktop");
}

QString ServerInfo::fileIn(const QString &dataDirectory)
{
    return QDir(dataDirectory).filePath(QStringLiteral("server.json"));
}

bool ServerInfo::read(const QString &path, ServerInfo *info, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        // A half-written or hand-edited file: say so, and where, not "no server".
        *error = parseError.error != QJsonParseError::NoError
                     ? QStringLiteral("%1 is not valid JSON (%2 at offset %3)")
                           .arg(path, parseError.errorString())
                           .arg(parseError.offset)
                     : QStringLiteral("%1 is not a JSON object").arg(path);
        return false;
    }
    const QJsonObject object = document.object();
    info->url = QUrl(json::string(object, QLatin1StringView("url")));
    info->token = json::string(object, QLatin1StringView("token"));
    info->pid = json::integer(object, QLatin1StringView("pid"));
    if (!info->url.isValid() || info->url.isEmpty() || info->token.isEmpty()) {
        *error = QStringLiteral("%1 does not name a server address and token").arg(path);
        return false;
    }
    return true;
}

bool ServerInfo::write(const QString &path, QString *error) const
{
    const QJsonObject object{{QStringLiteral("url"), url.toString()},
                             {QStringLiteral("token"), token},
                             {QStringLiteral("pid"), pid}};
    QSaveFile file(path);
    // The token grants everything the admin can do: readable by the user only, from the
    // first byte written (QSaveFile writes a temporary file that is then renamed).
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    // QSaveFile syncs before it renames; a short write (full disk) must not be committed.
    const QByteArray text = QJsonDocument(object).toJson();
    if (file.write(text) != text.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace spaces
