#pragma once

#include "ApiError.h"
#include "CliInvocation.h"

#include <QCoreApplication>

namespace spaces {

// A refusal made useful: the server's sentence with what to do about it, for the command
// that was refused ("space cannot be deleted: stop it first: spacectl stop dev"). The
// server's words stay first, so what Knot or spacesd said is never lost.
class CliAdvice final
{
    Q_DECLARE_TR_FUNCTIONS(CliAdvice)

public:
    static QString sentence(const CliInvocation &invocation, const ApiError &error);

private:
    // What to do, or empty when there is nothing better to say than the sentence itself.
    static QString hint(const CliInvocation &invocation, const ApiError &error);
};

} // namespace spaces
