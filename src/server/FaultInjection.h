#pragma once

namespace spaces {

// For tests that cannot mount a small file system to fill (not root): in a build configured
// with -DSPACES_FAULT_INJECTION=ON, while the file named by $SPACESD_FAULT_DISK_FULL exists,
// the Store's writes and the files spacesd writes fail as on a full disk. Product builds
// compile it out: diskFull() is then always false.
class FaultInjection final
{
public:
    static bool diskFull();
};

} // namespace spaces
