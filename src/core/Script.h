#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace spaces {

// A stored script that run_script executes in a space (ScriptInfo / ScriptDetails).
struct Script
{
    QString id;
    QString userId; // empty: a global script
    QString name;
    QString description;
    QString content; // only in details and create requests
    QString scriptType = QStringLiteral("script");
    bool active = true; // an inactive script is listed but cannot be run

    static Script fromJson(const QJsonObject &object);
    // Lists carry no content; details and create requests do.
    QJsonObject toJson(bool withContent = false) const;

    friend bool operator==(const Script &, const Script &) = default;
};

using ScriptList = QList<Script>;

} // namespace spaces
