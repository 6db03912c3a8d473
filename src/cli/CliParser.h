#pragma once

#include "CliInvocation.h"

#include <QCoreApplication>
#include <utility>

namespace spaces {

// Turns spacectl's words (without the program name) into a CliInvocation.
//
// Options may come before or after the command, as --name VALUE or --name=VALUE; a word
// "--" ends the options. Commands that pass arguments on (run, run-script) stop looking for
// options after their first argument. Checks the syntax only (known command, known options,
// number of arguments); what the values mean is CliUsageCheck's business.
class CliParser final
{
    Q_DECLARE_TR_FUNCTIONS(CliParser)

public:
    // False with *error set on a usage error; invocation->command is set when it was known.
    static bool parse(const QStringList &words, CliInvocation *invocation, QString *error);

private:
    using OptionList = QList<std::pair<QString, QString>>;

    static bool takeOption(const QStringList &words, qsizetype *index, CliInvocation *invocation,
                           OptionList *unplaced, QString *error);
    // Records a command option's value: once, or each time for a repeatable one.
    static bool place(const QString &name, const QString &value, CliInvocation *invocation,
                      QString *error);
    static bool checkArgumentCount(const CliInvocation &invocation, QString *error);
};

} // namespace spaces
