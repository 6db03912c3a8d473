#include "ScriptInterpreter.h"

#include <QFile>

namespace spaces {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

} // namespace

ScriptInvocation ScriptInterpreter::forContent(const QByteArray &content,
                                               const QString &fallbackShellPath)
{
    const ScriptInvocation fallback{fallbackShellPath, {}};
    if (!content.startsWith("#!"))
        return fallback;

    qsizetype end = content.indexOf('\n');
    if (end < 0)
        end = content.size();
    const QByteArray line = content.mid(2, end - 2);

    qsizetype at = 0;
    while (at < line.size() && isBlank(line[at]))
        ++at;
    qsizetype wordEnd = at;
    while (wordEnd < line.size() && !isBlank(line[wordEnd]))
        ++wordEnd;
    if (wordEnd == at)
        return fallback;

    ScriptInvocation invocation{QFile::decodeName(line.mid(at, wordEnd - at)), {}};
    const QByteArray rest = line.mid(wordEnd).trimmed();
    if (!rest.isEmpty())
        invocation.leadingArguments.append(QString::fromUtf8(rest));
    return invocation;
}

} // namespace spaces
