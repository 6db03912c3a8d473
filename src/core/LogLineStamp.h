#pragma once

#include <QString>
#include <QStringView>

namespace spaces {

// The grey time stamp a log stream puts in front of each line (Knot's and spacesd's
// GET /logs/{id}/stream): "\x1b[90m<time>\x1b[0m " at the very start of the line, the time
// being whatever the server writes there ("2026-12-02T14:30:00.123Z" from spacesd,
// "2026-12-02 14:30:00" from Knot). Lines without one are left as they are.
class LogLineStamp final
{
public:
    enum class Show
    {
        Grey,  // as the server sent it
        Plain, // the time without its colour: "2026-12-02T14:30:00.123Z line"
        None,  // the line alone
    };

    // The length of the stamp and the space after it at the start of `line`; 0 without one.
    static qsizetype prefixLength(QStringView line);
    // The time of that stamp; empty without one.
    static QStringView timeOf(QStringView line);
    // `text` (lines ending "\n" or "\r\n") with every line's stamp shown as asked.
    static QString apply(QStringView text, Show show);

    // The longest time text taken for a stamp.
    static constexpr qsizetype MaximumTime = 40;
};

} // namespace spaces
