#pragma once

#include <QtGlobal>

namespace spaces::test {

// The most memory this process has had resident (VmHWM in /proc/self/status): a test that
// sends a huge answer checks that the client never held it.
class PeakMemory final
{
public:
    // In bytes; -1 when the kernel does not say.
    static qint64 residentHighWater();
};

} // namespace spaces::test
