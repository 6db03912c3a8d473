#pragma once

#include "CliCommandSpec.h"

#include <QCoreApplication>

namespace spaces {

// Every spacectl command and the global options: one per function of the seed's spaces
// library, plus templates and scripts for discovery.
class CliCommandTable final
{
    Q_DECLARE_TR_FUNCTIONS(CliCommandTable)

public:
    static const QList<CliCommandSpec> &commands();
    static const CliCommandSpec *find(const QString &name);
    // Options valid with every command: server, token (with values), json, help, version.
    static const QList<CliOptionSpec> &globalOptions();
    static bool isGlobalFlag(const QString &name);        // json, help, version
    static bool isGlobalValueOption(const QString &name); // server, token
};

} // namespace spaces
