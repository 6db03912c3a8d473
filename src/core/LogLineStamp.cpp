#include "LogLineStamp.h"

namespace spaces {

namespace {

constexpr QStringView Grey = u"\x1b[90m";
constexpr QStringView Reset = u"\x1b[0m";

} // namespace

qsizetype LogLineStamp::prefixLength(QStringView line)
{
    if (!line.startsWith(Grey))
        return 0;
    const qsizetype end = line.indexOf(Reset, Grey.size());
    if (end <= Grey.size() || end - Grey.size() > MaximumTime)
        return 0;
    // A time, not a coloured word: digits first, nothing of another escape or line inside.
    const QStringView time = line.sliced(Grey.size(), end - Grey.size());
    if (!time.front().isDigit() || time.contains(u'\x1b') || time.contains(u'\n'))
        return 0;
    qsizetype length = end + Reset.size();
    if (length < line.size() && line.at(length) == u' ')
        ++length;
    return length;
}

QStringView LogLineStamp::timeOf(QStringView line)
{
    if (prefixLength(line) == 0)
        return {};
    return line.sliced(Grey.size(), line.indexOf(Reset, Grey.size()) - Grey.size());
}

QString LogLineStamp::apply(QStringView text, Show show)
{
    if (show == Show::Grey)
        return text.toString();
    QString result;
    result.reserve(text.size());
    for (qsizetype at = 0; at < text.size();) {
        const qsizetype end = text.indexOf(u'\n', at);
        const qsizetype stop = end < 0 ? text.size() : end + 1;
        const QStringView line = text.sliced(at, stop - at);
        const qsizetype prefix = prefixLength(line);
        if (prefix > 0 && show == Show::Plain) {
            result += timeOf(line);
            result += u' ';
        }
        result += line.sliced(prefix);
        at = stop;
    }
    return result;
}

} // namespace spaces
