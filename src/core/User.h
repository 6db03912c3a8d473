#pragma once

#include <QJsonObject>
#include <QString>

namespace spaces {

// A user of the server, with the two permissions the spaces functions care about.
struct User
{
    QString id;
    QString username;
    QString preferredShell = QStringLiteral("bash");
    bool canUseSpaces = false;    // UseSpaces: manage one's own spaces
    bool canManageSpaces = false; // ManageSpaces: manage other users' spaces too

    static User fromJson(const QJsonObject &object);
    QJsonObject toJson() const;

    friend bool operator==(const User &, const User &) = default;
};

} // namespace spaces
