#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QString>
#include <chrono>

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
    // How long a reader that wants every line of services that ended waits for their
    // stamper to write the last ones (ProcessGroup::waitForLogWriters).
    static constexpr std::chrono::milliseconds WriterLimit{2000};

    // The last `lines` complete lines (a line still being written is left for later). A
    // missing file is an empty log.
    static Expected<Tail> read(const QString &path, int lines);
    // The last line written, complete or not, without its time stamp, trimmed; empty when
    // there is none (a backend quotes it to say why a start failed).
    static QString lastLine(const QString &path);
    // `lines` without the time stamp in front of each (LogStampFormat); lines without one
    // (written before logs had them) stay as they are.
    static QByteArray withoutStamps(const QByteArray &lines);
};

} // namespace spaces
