#pragma once

#include <QString>

namespace spaces {

// Shell completion scripts for spacectl, written from CliCommandTable so that a new command
// or option completes without anyone editing three shell scripts by hand. The build runs
// them through spacectl-docs and installs the results (packaging/CMakeLists.txt).
class CliCompletion final
{
public:
    static QString bash();
    static QString zsh();
    static QString fish();
};

} // namespace spaces
