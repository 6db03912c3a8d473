#pragma once

#include <cstddef>
#include <ctime>
#include <string>

namespace spaces {

// Puts a LogStampFormat stamp in front of each line of a byte stream, as the bytes arrive:
// nothing is held back, so a line still being written (a progress message, a prompt) shows
// at once, stamped when its first byte came; its rest follows unstamped when it comes.
class LineStamper final
{
public:
    enum class Mode
    {
        // Every line gets the time its first byte was read.
        Add,
        // Lines arrive with a time of their own in front (`podman logs --timestamps`): it is
        // rewritten as a stamp. A line without a readable one gets the time it was read.
        Convert,
    };

    explicit LineStamper(Mode mode = Mode::Add)
        : m_mode(mode)
    {}

    // Appends the stamped form of `data`, read at `now`, to `out`.
    void feed(const char *data, std::size_t size, const timespec &now, std::string &out);
    // The input ended: what is held is written, and a last line without its line break gets
    // one, so that the next writer of the file starts on a line of its own.
    void finish(const timespec &now, std::string &out);

    // The longest time a Convert line's own stamp may take, fraction and offset included.
    static constexpr std::size_t MaximumSourceStamp = 40;

private:
    void stamp(const timespec &at, std::string &out) const;
    // Convert: the start of the current line is complete enough to rewrite (or give up on).
    void convertHead(const timespec &now, bool ended, std::string &out);

    Mode m_mode;
    bool m_atLineStart = true;
    // Convert: the start of a line, held until its own stamp and the space after it are in.
    bool m_inHead = false;
    std::string m_head;
};

} // namespace spaces
