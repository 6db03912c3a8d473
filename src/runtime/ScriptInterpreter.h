#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace spaces {

// The program to exec for a script, and the arguments that go before the script path.
struct ScriptInvocation
{
    QString program;
    QStringList leadingArguments;
};

// Chooses how to run a script's content: the interpreter named by its "#!" line, else the
// fallback shell. The "#!" line is read the way Linux does it, so a script behaves as if it had
// been executed directly: the interpreter is the first word, and the rest of the line (trimmed)
// is ONE argument ("#!/usr/bin/env python3" -> /usr/bin/env {"python3"}; "#!/bin/sh -e" ->
// /bin/sh {"-e"}; "#!/usr/bin/env -S a b" -> /usr/bin/env {"-S a b"}, which env -S splits).
// A trailing CR (CRLF files) is dropped.
class ScriptInterpreter final
{
public:
    static ScriptInvocation forContent(const QByteArray &content, const QString &fallbackShellPath);
};

} // namespace spaces
