#include "LineStamper.h"

#include "LogStampFormat.h"

#include <cstring>
#include <string_view>

namespace spaces {

void LineStamper::stamp(const timespec &at, std::string &out) const
{
    char text[LogStampFormat::PrefixLength];
    if (!LogStampFormat::format(at, text))
        return;
    text[LogStampFormat::StampLength] = ' ';
    out.append(text, sizeof text);
}

void LineStamper::convertHead(const timespec &now, bool ended, std::string &out)
{
    const std::string_view head(m_head);
    std::size_t length = 0;
    const std::optional<timespec> own = LogStampFormat::parseRfc3339(head, &length);
    if (own && length < head.size() && head[length] == ' ') {
        stamp(*own, out);
        out.append(head.substr(length + 1));
    } else if (own && length == head.size() && ended) {
        // A stamp and nothing else: an empty line.
        stamp(*own, out);
    } else {
        stamp(now, out);
        out.append(head);
    }
    m_head.clear();
    m_inHead = false;
}

void LineStamper::feed(const char *data, std::size_t size, const timespec &now, std::string &out)
{
    out.reserve(out.size() + size + LogStampFormat::PrefixLength * 4);
    std::size_t at = 0;
    while (at < size) {
        if (m_inHead) {
            // Convert: gather the line's own stamp up to the space after it.
            while (at < size && m_head.size() <= MaximumSourceStamp && data[at] != ' ' &&
                   data[at] != '\n')
                m_head.push_back(data[at++]);
            if (at == size && m_head.size() <= MaximumSourceStamp)
                return; // wait for the rest of it
            if (at < size && data[at] == ' ') {
                m_head.push_back(' ');
                ++at;
            }
            const bool lineEnded = at < size && data[at] == '\n';
            convertHead(now, lineEnded, out);
            continue;
        }
        if (m_atLineStart) {
            m_atLineStart = false;
            if (m_mode == Mode::Convert) {
                m_inHead = true;
                continue;
            }
            stamp(now, out);
        }
        const void *found = std::memchr(data + at, '\n', size - at);
        const std::size_t end =
            found ? std::size_t(static_cast<const char *>(found) - data) + 1 : size;
        out.append(data + at, end - at);
        if (found)
            m_atLineStart = true;
        at = end;
    }
}

void LineStamper::finish(const timespec &now, std::string &out)
{
    if (m_inHead)
        convertHead(now, true, out);
    if (!m_atLineStart) {
        out.push_back('\n');
        m_atLineStart = true;
    }
}

} // namespace spaces
