#pragma once

#include <QString>

namespace spaces {

// Finds a shell by its short name (bash, zsh, fish, sh) on PATH and in the standard locations,
// which matter when the server runs with a minimal PATH (e.g. from a service manager).
class ShellLocator final
{
public:
    // Absolute path of an executable file, or empty when not installed. An absolute path is
    // accepted as is if it is executable; any other name containing '/' is refused.
    static QString find(const QString &shellName);
};

} // namespace spaces
