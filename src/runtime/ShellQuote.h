#pragma once

#include <QString>
#include <QStringList>

namespace spaces {

// Quotes words for a given shell so they reach the program unchanged (spaces, quotes, $, `, \,
// newlines, the empty string, non-ASCII). Every word is quoted, even a plain one: zsh and fish
// expand things POSIX shells don't (e.g. a leading '=' in zsh), so "looks safe" is shell-specific.
//  - POSIX shells (bash, zsh, sh, and any unknown name): single quotes, ' written as '\''.
//  - fish: single quotes, where only \ and ' are special: written as \\ and \'.
// shellName may be a short name or a path ("/usr/bin/fish").
class ShellQuote final
{
public:
    static QString quote(const QString &shellName, const QString &word);
    // Knot semantics: `command` is used as written (it may contain shell syntax); each of
    // `args` is quoted; all joined with spaces.
    static QString commandLine(const QString &shellName, const QString &command,
                               const QStringList &args);
};

} // namespace spaces
