#pragma once

#include "CliInvocation.h"
#include "CustomFieldValue.h"

#include <QCoreApplication>
#include <optional>

namespace spaces {

// Checks the values of a parsed command line before anything is sent: ports, timeouts, and
// the rules of spaces::Validation where one exists (space and field names, shells,
// descriptions). A problem found here is a usage error (exit status 2).
class CliUsageCheck final
{
    Q_DECLARE_TR_FUNCTIONS(CliUsageCheck)

public:
    // The sentence saying what is wrong, or an empty string.
    static QString check(const CliInvocation &invocation);

    // A port 1..65535, or nothing.
    static std::optional<int> port(const QString &text);
    // Whole seconds >= 0, or nothing.
    static std::optional<int> timeout(const QString &text);
    // create's --field NAME=VALUE options as values (check() has refused malformed ones).
    static CustomFieldValues fields(const CliInvocation &invocation);

private:
    static QString checkPort(const QString &text, bool local);
    static QString checkFields(const CliInvocation &invocation);
};

} // namespace spaces
