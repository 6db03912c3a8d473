#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>

namespace spaces {

// The answer of run-command. Knot drops the output on failure and says "exit status N";
// spacesd keeps the output and adds exit_code, so both are optional here.
struct CommandResult
{
    bool success = false;
    QString output;
    QString error;
    std::optional<int> exitCode;

    static CommandResult fromJson(const QJsonObject &object);
    QJsonObject toJson() const;

    friend bool operator==(const CommandResult &, const CommandResult &) = default;
};

} // namespace spaces
