#pragma once

#include <chrono>
#include <cstddef>

namespace spaces {

// Everything the transport refuses to do without end, with defaults a desktop daemon can live
// with. Each is a spacesd command-line option (see the README); tests set small values.
struct HttpLimits
{
    std::size_t maxHeaderBytes = 16 * 1024;           // request line and fields together: 431 above
    std::size_t maxHeaderCount = 100;                 // fields: 431 above
    std::size_t maxBodyBytes = 8 * 1024 * 1024;       // 413 above, unread
    std::chrono::milliseconds idleTimeout{60'000};    // a keep-alive connection with no request
    std::chrono::milliseconds requestTimeout{30'000}; // first byte to the last byte of a request
    std::chrono::milliseconds writeTimeout{60'000};   // one write (a batch of queued answers)
    std::size_t maxConnections = 512;
    std::size_t maxConnectionsPerAddress = 512;
    std::size_t maxPipelined = 16;                  // requests read ahead of their answers
    std::size_t maxStreamBufferBytes = 1024 * 1024; // queued for a slow SSE/WebSocket reader
    int ioThreads = 0;                              // 0: one per core
};

} // namespace spaces
