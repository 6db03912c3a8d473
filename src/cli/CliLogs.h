#pragma once

#include "SpacesClient.h"

#include <QCoreApplication>
#include <QString>
#include <QTextStream>

namespace spaces {

// `spacectl logs NAME [--follow] [--lines N] [--timestamps]`: the log stream of a space
// (Knot's route, so it works against Knot as well): the history, trimmed to the last N
// lines, then with --follow the lines as they are written until interrupted or the stream
// ends. The stream's grey time in front of each line is left out, or with --timestamps
// printed plain, as `docker logs -t` does.
class CliLogs final
{
    Q_DECLARE_TR_FUNCTIONS(CliLogs)

public:
    CliLogs(ConnectionSettings settings, QTextStream &out, QTextStream &err);

    // `lines` 0: the whole history the server sends.
    int run(const QString &spaceId, int lines, bool follow, bool timestamps = false);

    // The last `lines` lines of `text` (lines 0: all), "\r\n" ends made "\n".
    static QString lastLines(const QString &text, int lines);

private:
    ConnectionSettings m_settings;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace spaces
