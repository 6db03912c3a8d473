#pragma once

#include "UniqueFd.h"

#include <cstddef>

namespace spaces {

// One direction of a relayed connection (from -> to, both non-blocking sockets), moved with
// splice() through a pipe of its own: the bytes go socket -> pipe -> socket without being copied
// into the process. The pipe is the only buffer, so a sink that cannot take more stops the
// direction from reading its source (back-pressure) instead of making anything grow.
class SplicePipe final
{
public:
    enum class Progress
    {
        Waiting,  // would block: the source is empty or the sink is full; retry on the next event
        Finished, // the source ended, everything was delivered and the EOF was passed on
        Failed,   // reading the source or writing the sink failed (reset, broken pipe)
    };

    // Creates the pipe; isValid() is false if no descriptors were available.
    SplicePipe();
    bool isValid() const { return m_read.isValid() && m_write.isValid(); }

    // Moves as much as can be moved without blocking. Edge-triggered callers must call it after
    // every readiness change of either socket, since it only stops on EAGAIN, EOF or an error.
    Progress pump(int from, int to);
    bool isFinished() const { return m_finished; }
    // Releases the pipe (and whatever it still holds) as soon as the connection ends.
    void close();

private:
    UniqueFd m_read;
    UniqueFd m_write;
    std::size_t m_inPipe = 0; // read from the source, not yet written to the sink
    bool m_sourceEnded = false;
    bool m_finished = false;
};

} // namespace spaces
