#pragma once

#include "CliCommandSpec.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace spaces {

// A parsed spacectl command line.
struct CliInvocation
{
    QString command; // empty: none given
    const CliCommandSpec *spec = nullptr;
    QStringList arguments;          // the command's positional arguments
    QMap<QString, QString> options; // the command's options, by name without --
    // The values of repeatable options, in the order given (options holds the last one).
    QMap<QString, QStringList> repeated;
    QString server;
    QString token;
    bool json = false;
    bool verbose = false; // --verbose: the spaces.* logging categories on stderr
    bool help = false;    // --help, -h or `help [COMMAND]`
    bool version = false;

    QString option(const QString &name) const { return options.value(name); }
    bool hasOption(const QString &name) const { return options.contains(name); }
    QStringList values(const QString &name) const { return repeated.value(name); }
};

} // namespace spaces
