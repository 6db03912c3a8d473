#pragma once

#include <QString>

namespace spaces {

// strerror() is not thread-safe and the runtime is called from worker threads; this uses the
// reentrant strerror_r() instead.
class ErrnoText final
{
public:
    static QString describe(int errnum);
};

} // namespace spaces
