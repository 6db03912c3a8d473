#include "ShellLocator.h"

#include <QFileInfo>
#include <QStringList>

namespace spaces {

namespace {

bool isExecutableFile(const QString &path)
{
    const QFileInfo info(path);
    return info.isFile() && info.isExecutable();
}

} // namespace

QString ShellLocator::find(const QString &shellName)
{
    if (shellName.startsWith(u'/'))
        return isExecutableFile(shellName) ? shellName : QString();
    if (shellName.isEmpty() || shellName.contains(u'/') || shellName == u"." || shellName == u"..")
        return {};

    QStringList directories = qEnvironmentVariable("PATH").split(u':', Qt::SkipEmptyParts);
    directories << QStringLiteral("/usr/local/bin") << QStringLiteral("/usr/bin")
                << QStringLiteral("/bin");
    for (const QString &directory : std::as_const(directories)) {
        // Relative PATH entries depend on the server's working directory: not a stable answer.
        if (!directory.startsWith(u'/'))
            continue;
        const QString candidate = directory + u'/' + shellName;
        if (isExecutableFile(candidate))
            return candidate;
    }
    return {};
}

} // namespace spaces
