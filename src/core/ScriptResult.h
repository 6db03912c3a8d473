#pragma once

#include <QJsonObject>
#include <QString>

namespace spaces {

// The answer of execute-script.
struct ScriptResult
{
    QString output;
    QString error;
    int exitCode = 0;

    bool succeeded() const { return exitCode == 0 && error.isEmpty(); }

    static ScriptResult fromJson(const QJsonObject &object);
    QJsonObject toJson() const;

    friend bool operator==(const ScriptResult &, const ScriptResult &) = default;
};

} // namespace spaces
