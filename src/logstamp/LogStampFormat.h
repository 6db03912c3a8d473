#pragma once

#include <cstddef>
#include <ctime>
#include <optional>
#include <string_view>

namespace spaces {

// The stamp in front of each line of a space's log: the UTC time the line was read, RFC 3339
// with milliseconds, then one space: "2026-12-02T14:30:00.123Z ". Plain C++, no allocation:
// the stamper program and the server share it.
class LogStampFormat final
{
public:
    // "2026-12-02T14:30:00.123Z": the stamp without its trailing space.
    static constexpr std::size_t StampLength = 24;
    // The stamp and the space after it.
    static constexpr std::size_t PrefixLength = StampLength + 1;

    // Writes the stamp of `at` (a CLOCK_REALTIME time) to `out`: StampLength characters, no
    // NUL. False (nothing written) for a time outside the years 0000-9999.
    static bool format(const timespec &at, char *out);
    // Whether `line` starts with a stamp and its space.
    static bool isStamped(std::string_view line);
    // A time as `podman logs --timestamps` writes it in front of a line: RFC 3339 with any
    // fraction of a second (or none) and "Z" or a "+HH:MM" offset. On success, the time and,
    // in *length, the characters it took (the space after it not included).
    static std::optional<timespec> parseRfc3339(std::string_view text, std::size_t *length);
};

} // namespace spaces
