#pragma once

#include <QString>
#include <QUrl>

namespace spaces {

// Where a local spacesd can be reached: the file it writes at start (mode 0600) so that the
// desktop app and spacectl find it without any setup.
struct ServerInfo
{
    QUrl url;
    QString token;
    qint64 pid = 0;

    static QString defaultDataDirectory();
    static QString fileIn(const QString &dataDirectory); // <dir>/server.json

    // Readers and writers report a sentence in *error on failure.
    static bool read(const QString &path, ServerInfo *info, QString *error);
    bool write(const QString &path, QString *error) const;
};

} // namespace spaces
