#pragma once

#include "CliCommandSpec.h"

#include <QCoreApplication>
#include <QString>

namespace spaces {

// spacectl's help texts: the overview and one page per command, each with an example.
class CliHelp final
{
    Q_DECLARE_TR_FUNCTIONS(CliHelp)

public:
    static QString overview();
    static QString command(const CliCommandSpec &spec);
    // "spacectl run [--timeout SECONDS] [--workdir DIR] SPACE COMMAND [ARG...]"
    static QString usageLine(const CliCommandSpec &spec);
};

} // namespace spaces
