#pragma once

#include <QString>
#include <sys/types.h>

namespace spaces {

// The user a sandboxed space runs as. A server running as a normal user runs its spaces as
// that user; a server running as root never lets a space be root: it runs them as
// $SPACES_SPACE_USER (a name or a number), else the `spaces` user the set-up script
// creates, else nobody (65534).
struct SpaceUser
{
    uid_t uid = 0;
    gid_t gid = 0;
    bool switchFromRoot = false; // the server is root: children drop to uid/gid

    // Reads the passwd database: call on the server thread at start.
    static SpaceUser resolve();
};

} // namespace spaces
