#pragma once

#include "Validation.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <optional>

namespace spaces {

// One command of the console: what was asked, what came back.
struct ConsoleEntry
{
    enum class State
    {
        Queued,
        Running,
        Succeeded,
        Failed,
        TimedOut,
        Abandoned
    };

    quint64 id = 0;  // unique within the console, for updates
    QString spaceId; // the space it runs in (the console may show several spaces)
    QString spaceName;
    QString commandLine; // as the user typed it
    QString workdir;
    int timeoutSeconds = int(Validation::DefaultRunTimeout.count());
    State state = State::Queued;
    QString output;
    QString error;         // the server's sentence when it failed
    QString notice;        // a word from the console about how it ran (no streaming here)
    bool streamed = false; // its output arrived as it was produced; Stop ended it
    std::optional<int> exitCode;
    QDateTime startedAt;
    qint64 durationMs = 0;
};

} // namespace spaces
