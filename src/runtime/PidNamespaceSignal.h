#pragma once

#include "PidHandle.h"

namespace spaces {

// Signals every process of a pid namespace but its init, from outside and without starting
// a process inside (which costs two forks of the server per stop). The namespace's own /proc,
// reached through its init's root, lists only its processes; a /proc/<pid> directory
// descriptor serves pidfd_send_signal, so a pid recycled meanwhile is never hit by mistake.
// Never scans the host's /proc. Thread-safe.
class PidNamespaceSignal final
{
public:
    // The number of processes signalled, or -1 when the namespace's /proc cannot be read
    // (the init is gone, or it mounted no /proc): then the caller must signal another way.
    static int sendToAllButInit(const PidHandle &init, int signal);
};

} // namespace spaces
