#pragma once

#include <cstddef>

namespace spaces {

// Moves bytes in one direction (from -> to) of a relayed connection until the source reports EOF
// or either socket fails: blocking recv() into a large buffer, then send() of all of it.
//
// Why not splice(): measured on loopback (bench/README.md), a splice() through a pipe was not
// faster than this copy and used more CPU per byte. Spliced pages stay referenced until the far
// receiver has read them, so the sending process cannot recycle its socket pages and keeps
// allocating fresh, cache-cold ones; the two copies here are cheaper than that. It would also
// cost two pipe descriptors per direction, which matters under the usual 1024-descriptor limit.
class RelayPump final
{
public:
    enum class Result
    {
        SourceEof,    // orderly end of the source; everything read was delivered
        SourceFailed, // reading the source failed (reset, or shut down by an abort)
        SinkFailed,   // writing the sink failed; whatever was still buffered is dropped
    };

    RelayPump();
    ~RelayPump();
    RelayPump(const RelayPump &) = delete;
    RelayPump &operator=(const RelayPump &) = delete;

    // Blocks until the direction ends; both descriptors must be blocking sockets.
    Result run(int from, int to);

private:
    char *m_buffer = nullptr;
    std::size_t m_size = 0;
};

} // namespace spaces
