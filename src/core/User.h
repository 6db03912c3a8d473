#pragma once

#include <QFlags>
#include <QJsonObject>
#include <QString>

namespace spaces {

// The two permissions the spaces functions care about.
enum class Permission
{
    UseSpaces = 0x1,    // manage one's own spaces
    ManageSpaces = 0x2, // manage other users' spaces too
};
Q_DECLARE_FLAGS(Permissions, Permission)
Q_DECLARE_OPERATORS_FOR_FLAGS(Permissions)

// A user of the server, with the two permissions the spaces functions care about.
struct User
{
    QString id;
    QString username;
    QString preferredShell = QStringLiteral("bash");
    bool canUseSpaces = false;    // UseSpaces: manage one's own spaces
    bool canManageSpaces = false; // ManageSpaces: manage other users' spaces too

    Permissions permissions() const;

    static User fromJson(const QJsonObject &object);
    QJsonObject toJson() const;

    friend bool operator==(const User &, const User &) = default;
};

} // namespace spaces
