#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QString>

namespace spaces {

// The end of a space's log file, read from the back so that a log of any size costs only
// what is asked for.
class LogTail final
{
public:
    struct Tail
    {
        QByteArray text; // the last complete lines, each ending with '\n'
        qint64 end = 0;  // offset just after them: where following begins
    };
    static constexpr int MaximumLines = 10000;

    // The last `lines` complete lines (a line still being written is left for later). A
    // missing file is an empty log.
    static Expected<Tail> read(const QString &path, int lines);
    // The last line written, complete or not, trimmed; empty when there is none (a backend
    // quotes it to say why a start failed).
    static QString lastLine(const QString &path);
};

} // namespace spaces
