#pragma once

#include <QString>

namespace spaces {

// Whether spacesd can write to its data directory, asked of the file system itself at start
// (a small file written, synced and removed), so that a full disk, a read-only mount and
// missing permissions each get their own sentence rather than a misleading one later.
class DataDirectoryProbe final
{
public:
    // Empty when writing works, else the sentence to print.
    static QString problem(const QString &directory);
};

} // namespace spaces
