#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace spaces {

// Why a space's services ended without being stopped, or why a start failed: the space's
// `last_exit` on the wire. Kept until the next successful start so that a user who looks
// later still learns what happened.
struct SpaceExit
{
    std::optional<int> code; // the exit status, when the services exited
    QString signal;          // "SIGKILL", when a signal ended them
    bool failedToStart = false;
    QDateTime at;
    QString reason;  // a sentence: "exited with status 1", "failed to start: <why>"
    QStringList log; // the last lines of the space's log, oldest first

    static constexpr int LogLines = 20;

    // "SIGKILL" for 9; "signal N" for a number without a name.
    static QString signalName(int number);
    // The sentence for an exit status or a signal (exactly one of them set).
    static QString describe(std::optional<int> code, const QString &signal);

    // Tolerant: an object without a reason is no exit at all (nullopt).
    static std::optional<SpaceExit> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;

    friend bool operator==(const SpaceExit &, const SpaceExit &) = default;
};

} // namespace spaces
