#include "ErrnoText.h"

#include <cstring>

namespace spaces {

namespace {

// strerror_r() has a GNU flavour (returns the text) and an XSI flavour (fills the buffer and
// returns a status); overloads pick whichever the C library declares.
[[maybe_unused]] const char *pickText(const char *text, const char *)
{
    return text;
}

[[maybe_unused]] const char *pickText(int status, const char *buffer)
{
    return status == 0 ? buffer : "Unknown error";
}

} // namespace

QString ErrnoText::describe(int errnum)
{
    char buffer[256] = {};
    return QString::fromLocal8Bit(pickText(::strerror_r(errnum, buffer, sizeof buffer), buffer));
}

} // namespace spaces
