#pragma once

#include "SpacesClient.h"

#include <QCoreApplication>
#include <QString>
#include <QTextStream>

namespace spaces {

// `spacectl logs NAME [--follow] [--lines N]`: the log stream of a space (Knot's route, so
// it works against Knot as well): the history, trimmed to the last N lines, then with
// --follow the lines as they are written until interrupted or the stream ends.
class CliLogs final
{
    Q_DECLARE_TR_FUNCTIONS(CliLogs)

public:
    CliLogs(ConnectionSettings settings, QTextStream &out, QTextStream &err);

    // `lines` 0: the whole history the server sends.
    int run(const QString &spaceId, int lines, bool follow);

    // The last `lines` lines of `text` (lines 0: all), "\r\n" ends made "\n".
    static QString lastLines(const QString &text, int lines);

private:
    ConnectionSettings m_settings;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace spaces
