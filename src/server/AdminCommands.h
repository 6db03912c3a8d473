#pragma once

#include "User.h"

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace spaces {

// The spacesd subcommands that change the database directly (users, templates, scripts).
// Safe while a spacesd serves the same directory: SQLite in WAL mode takes both.
class AdminCommands final
{
public:
    AdminCommands(QString dataDirectory, QTextStream &out, QTextStream &err);

    int addUser(const QString &username, Permissions permissions);
    int addTemplate(const QString &file);
    int addScript(const QString &name, const QString &file, const QString &description);

private:
    bool openStore(class Store &store);

    QString m_dataDirectory;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace spaces
