#include "CliUsageCheck.h"

#include "Validation.h"

namespace spaces {

namespace {

bool is(const CliInvocation &invocation, const char *name)
{
    return invocation.command == QLatin1StringView(name);
}

} // namespace

std::optional<int> CliUsageCheck::port(const QString &text)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || !Validation::checkLocalPort(value).isEmpty())
        return std::nullopt;
    return int(value);
}

std::optional<int> CliUsageCheck::timeout(const QString &text)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < 0)
        return std::nullopt;
    return value;
}

CustomFieldValues CliUsageCheck::fields(const CliInvocation &invocation)
{
    CustomFieldValues values;
    for (const QString &word : invocation.values(QStringLiteral("field"))) {
        const qsizetype equals = word.indexOf(u'=');
        values.append({word.left(equals), equals < 0 ? QString() : word.mid(equals + 1)});
    }
    return values;
}

QString CliUsageCheck::checkFields(const CliInvocation &invocation)
{
    QStringList seen;
    for (const QString &word : invocation.values(QStringLiteral("field"))) {
        const qsizetype equals = word.indexOf(u'=');
        if (equals <= 0)
            return tr("--field takes NAME=VALUE, e.g. --field port=8000 (got '%1')").arg(word);
        const QString name = word.left(equals);
        if (const QString problem = Validation::checkCustomFieldName(name); !problem.isEmpty())
            return tr("%1 '%2'").arg(problem, name);
        if (seen.contains(name))
            return tr("--field %1 is given twice: give each field once").arg(name);
        seen.append(name);
    }
    return {};
}

QString CliUsageCheck::checkPort(const QString &text, bool local)
{
    if (port(text))
        return {};
    const QString rule = local ? Validation::checkLocalPort(0) : Validation::checkRemotePort(0);
    return tr("%1 '%2': give a number from 1 to 65535").arg(rule, text);
}

QString CliUsageCheck::check(const CliInvocation &invocation)
{
    const QStringList &arguments = invocation.arguments;
    if (is(invocation, "shell") && invocation.hasOption(QStringLiteral("shell"))) {
        const QString shell = invocation.option(QStringLiteral("shell"));
        if (const QString problem = Validation::checkShell(shell, false); !problem.isEmpty())
            return tr("%1 '%2': use %3")
                .arg(problem, shell, Validation::shells().join(QStringLiteral(", ")));
    }
    if (is(invocation, "create")) {
        if (const QString problem = Validation::checkSpaceName(arguments.at(0));
            !problem.isEmpty()) {
            return tr("%1 '%2': a name starts with a letter and has 2 to 64 letters, digits and "
                      "single dashes")
                .arg(problem, arguments.at(0));
        }
        if (invocation.hasOption(QStringLiteral("shell"))) {
            const QString shell = invocation.option(QStringLiteral("shell"));
            if (const QString problem = Validation::checkShell(shell, false); !problem.isEmpty())
                return tr("%1 '%2': use %3")
                    .arg(problem, shell, Validation::shells().join(QStringLiteral(", ")));
        }
        if (const QString problem =
                Validation::checkDescription(invocation.option(QStringLiteral("description")));
            !problem.isEmpty())
            return problem;
        if (const QString problem = checkFields(invocation); !problem.isEmpty())
            return problem;
    }
    if (is(invocation, "get-field") || is(invocation, "set-field")) {
        if (const QString problem = Validation::checkCustomFieldName(arguments.at(1));
            !problem.isEmpty())
            return tr("%1 '%2'").arg(problem, arguments.at(1));
    }
    if (is(invocation, "set-description")) {
        if (const QString problem = Validation::checkDescription(arguments.at(1));
            !problem.isEmpty())
            return problem;
    }
    if (is(invocation, "run-script")) {
        if (const QString problem = Validation::checkScriptName(arguments.at(1));
            !problem.isEmpty())
            return tr("%1 '%2'").arg(problem, arguments.at(1));
    }
    if (is(invocation, "run") && invocation.hasOption(QStringLiteral("timeout")) &&
        !timeout(invocation.option(QStringLiteral("timeout")))) {
        return tr("--timeout takes a whole number of seconds, e.g. 120 (got '%1')")
            .arg(invocation.option(QStringLiteral("timeout")));
    }
    if (is(invocation, "port-forward")) {
        if (const QString problem = checkPort(arguments.at(1), true); !problem.isEmpty())
            return problem;
        if (const QString problem = checkPort(arguments.at(3), false); !problem.isEmpty())
            return problem;
    }
    if (is(invocation, "port-stop"))
        return checkPort(arguments.at(1), true);
    return {};
}

} // namespace spaces
