#pragma once

#include "UniqueFd.h"

#include <QtGlobal>
#include <cstddef>
#include <vector>

namespace spaces {

// What spacesd and its spawner process (Spawner) say to each other.
//  - On the control socket (SOCK_SEQPACKET, one message per request): one byte and, with
//    SCM_RIGHTS, the request's own socket followed by the command's descriptors.
//  - On the request's socket (a stream): the runner writes a Header and the SpawnRequest's
//    bytes; the spawner answers a Started record (pid, or -1 when it could not fork: the
//    exec status pipe says why), later an Exit record, and closes it. The runner may write
//    KillGroup at any time before the Exit.
class SpawnerProtocol final
{
public:
    struct Header
    {
        quint32 size = 0; // bytes of the SpawnRequest that follow
    };
    struct Started
    {
        qint64 pid = -1;
    };
    struct Exit
    {
        qint32 status = -1; // the wait status, as waitpid() gives it
    };
    static constexpr char KillGroup = 'K';
    // A request larger than this is refused (arguments and environment of one command).
    static constexpr quint32 MaxRequestSize = 64 * 1024 * 1024;
    // SCM_MAX_FD in the kernel.
    static constexpr std::size_t MaxDescriptors = 253;

    // Blocking; retry on EINTR; false on EOF or an error.
    static bool readExact(int fd, void *data, std::size_t size);
    static bool writeAll(int fd, const void *data, std::size_t size);
    // One message carrying `fds`; false (errno set) when it could not be sent.
    static bool sendDescriptors(int socket, const std::vector<int> &fds);
    // Waits for one message; its descriptors (close-on-exec) in `fds`. False at EOF or on
    // an error.
    static bool receiveDescriptors(int socket, std::vector<UniqueFd> *fds);
};

} // namespace spaces
