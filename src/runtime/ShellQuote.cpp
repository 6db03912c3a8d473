#include "ShellQuote.h"

namespace spaces {

namespace {

bool isFish(const QString &shellName)
{
    return QStringView(shellName).mid(shellName.lastIndexOf(u'/') + 1) == u"fish";
}

} // namespace

QString ShellQuote::quote(const QString &shellName, const QString &word)
{
    QString quoted;
    quoted.reserve(word.size() + 2);
    quoted += u'\'';
    if (isFish(shellName)) {
        for (const QChar c : word) {
            if (c == u'\\' || c == u'\'')
                quoted += u'\\';
            quoted += c;
        }
    } else {
        for (const QChar c : word) {
            if (c == u'\'')
                quoted += QStringLiteral("'\\''");
            else
                quoted += c;
        }
    }
    quoted += u'\'';
    return quoted;
}

QString ShellQuote::commandLine(const QString &shellName, const QString &command,
                                const QStringList &args)
{
    QString line = command;
    for (const QString &arg : args) {
        line += u' ';
        line += quote(shellName, arg);
    }
    return line;
}

} // namespace spaces
