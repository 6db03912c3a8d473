#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

namespace spaces::test {

// Writes `content` to `name` in `folder` and returns the file's path; empty when it could not
// be written whole (which the caller checks).
inline QString writeTestFile(const QTemporaryDir &folder, const QString &name,
                             const QByteArray &content)
{
    const QString path = folder.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    return path;
}

} // namespace spaces::test
