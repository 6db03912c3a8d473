#include "CliApplication.h"

#include "CliCommands.h"
#include "CliExitCode.h"
#include "CliForward.h"
#include "CliHelp.h"
#include "CliLogs.h"
#include "CliMcp.h"
#include "CliOutput.h"
#include "CliParser.h"
#include "CliRun.h"
#include "CliScript.h"
#include "CliShell.h"
#include "CliUsageCheck.h"
#include "ServerLocator.h"
#include "SpacesLibrary.h"

#include <QLoggingCategory>

namespace spaces {

CliApplication::CliApplication(QTextStream &out, QTextStream &err, QProcessEnvironment environment,
                               QString executableDirectory)
    : m_out(out)
    , m_err(err)
    , m_environment(std::move(environment))
    , m_executableDirectory(std::move(executableDirectory))
{}

QString CliApplication::version()
{
    return QStringLiteral(SPACES_VERSION);
}

int CliApplication::run(const QStringList &arguments)
{
    CliInvocation invocation;
    QString problem;
    const bool parsed = CliParser::parse(arguments, &invocation, &problem);
    // A command line that did not parse may still have asked for JSON errors.
    const bool json =
        invocation.json || (!parsed && arguments.mid(0, arguments.indexOf(QStringLiteral("--")))
                                           .contains(QStringLiteral("--json")));
    CliOutput output(m_out, m_err, json);
    if (!parsed) {
        output.usageError(problem, invocation.command);
        return ExitUsage;
    }
    if (invocation.verbose) {
        qSetMessagePattern(QStringLiteral("spacectl: %{category}: %{message}"));
        QLoggingCategory::setFilterRules(QStringLiteral("spaces.*=true"));
    }
    if (invocation.help) {
        output.raw(invocation.spec ? CliHelp::command(*invocation.spec) : CliHelp::overview());
        return ExitSuccess;
    }
    if (invocation.version) {
        output.line(QStringLiteral("spacectl ") + version());
        return ExitSuccess;
    }
    if (problem = CliUsageCheck::check(invocation); !problem.isEmpty()) {
        output.usageError(problem, invocation.command);
        return ExitUsage;
    }
    if (!invocation.server.isEmpty() && !ServerLocator::isServerUrl(QUrl(invocation.server))) {
        output.usageError(
            tr("--server takes an http(s) URL such as http://127.0.0.1:8080 (got '%1')")
                .arg(invocation.server),
            invocation.command);
        return ExitUsage;
    }
    const bool environmentUrl = !m_environment.value(QStringLiteral("SPACES_URL")).isEmpty();
    const bool environmentToken = !m_environment.value(QStringLiteral("SPACES_TOKEN")).isEmpty();
    if (!invocation.server.isEmpty() && invocation.token.isEmpty() && !environmentToken) {
        output.usageError(tr("--server needs --token TOKEN (or SPACES_TOKEN) as well"),
                          invocation.command);
        return ExitUsage;
    }
    if (!invocation.token.isEmpty() && invocation.server.isEmpty() && !environmentUrl) {
        output.usageError(tr("--token needs --server URL (or SPACES_URL) as well"),
                          invocation.command);
        return ExitUsage;
    }

    ServerLocator locator(m_environment, m_executableDirectory);
    const Expected<ConnectionSettings> settings =
        locator.locate(invocation.server, invocation.token);
    if (!settings) {
        output.error(settings.error());
        return ExitFailure;
    }
    if (invocation.command == QLatin1StringView("script")) {
        // Returns only when the script could not be started.
        output.error(CliScript::exec(*settings, m_environment, invocation.arguments));
        return ExitFailure;
    }
    if (invocation.command == QLatin1StringView("mcp"))
        return CliMcp(*settings, m_err).run();
    SpacesLibrary library(*settings);
    if (invocation.command == QLatin1StringView("shell"))
        return shell(library, *settings, invocation, output);
    if (invocation.command == QLatin1StringView("logs"))
        return logs(library, *settings, invocation, output);
    if (invocation.command == QLatin1StringView("forward"))
        return forward(library, *settings, invocation, output);
    // --json keeps run-command's buffered result.
    if (invocation.command == QLatin1StringView("run") && !output.isJson())
        return run(library, *settings, invocation, output);
    CliCommands commands(library, output);
    return commands.execute(invocation);
}

std::optional<SpaceSummary> CliApplication::findSpace(SpacesLibrary &library, const QString &name,
                                                      CliOutput &output)
{
    const Expected<SpaceSummaryList> spaces = library.list();
    if (!spaces) {
        output.error(spaces.error());
        return std::nullopt;
    }
    const auto found = std::find_if(spaces->cbegin(), spaces->cend(), [&](const SpaceSummary &s) {
        return s.name == name || s.id == name;
    });
    if (found == spaces->cend()) {
        output.error(tr("no space named '%1': 'spacectl list' lists your spaces").arg(name),
                     ApiError::notFound(QString()).status);
        return std::nullopt;
    }
    return *found;
}

int CliApplication::logs(SpacesLibrary &library, const ConnectionSettings &settings,
                         const CliInvocation &invocation, CliOutput &output)
{
    int lines = 0;
    if (invocation.hasOption(QStringLiteral("lines"))) {
        bool ok = false;
        lines = invocation.option(QStringLiteral("lines")).toInt(&ok);
        if (!ok || lines < 1 || lines > 1000) {
            output.usageError(tr("--lines takes a whole number from 1 to 1000"),
                              invocation.command);
            return ExitUsage;
        }
    }
    const QString &name = invocation.arguments.at(0);
    const std::optional<SpaceSummary> space = findSpace(library, name, output);
    if (!space)
        return ExitFailure;
    CliLogs reader(settings, m_out, m_err);
    return reader.run(space->id, lines, invocation.hasOption(QStringLiteral("follow")),
                      invocation.hasOption(QStringLiteral("timestamps")));
}

int CliApplication::run(SpacesLibrary &library, const ConnectionSettings &settings,
                        const CliInvocation &invocation, CliOutput &output)
{
    RunCommandRequest request;
    request.command = invocation.arguments.at(1);
    request.arguments = invocation.arguments.mid(2);
    request.timeoutSeconds = CliUsageCheck::timeout(invocation.option(QStringLiteral("timeout")))
                                 .value_or(SpacesLibrary::DefaultRunTimeoutSeconds);
    request.workdir = invocation.option(QStringLiteral("workdir"));
    // Knot's /space-io routes take ids only.
    const std::optional<SpaceSummary> space =
        findSpace(library, invocation.arguments.at(0), output);
    if (!space)
        return CliRun::CouldNotRun;
    if (!space->isRunning) {
        output.error(
            tr("space '%1' is not running: start it first: spacectl start %1").arg(space->name),
            ApiError::conflict(QString()).status);
        return CliRun::CouldNotRun;
    }
    CliRun runner(settings, library, m_out, m_err);
    return runner.run(space->id, request, space->isRunning);
}

int CliApplication::forward(SpacesLibrary &library, const ConnectionSettings &settings,
                            const CliInvocation &invocation, CliOutput &output)
{
    QString problem;
    const std::optional<CliForward::Ports> ports =
        CliForward::parsePorts(invocation.arguments.at(1), &problem);
    if (!ports) {
        output.usageError(problem, invocation.command);
        return ExitUsage;
    }
    const QString &name = invocation.arguments.at(0);
    const std::optional<SpaceSummary> space = findSpace(library, name, output);
    if (!space)
        return ExitFailure;
    if (!space->isRunning) {
        output.error(
            tr("space '%1' is not running: start it first: spacectl start %1").arg(space->name),
            ApiError::conflict(QString()).status);
        return ExitFailure;
    }
    CliForward forwarder(settings, m_out, m_err);
    return forwarder.run(space->id, space->name, *ports);
}

int CliApplication::shell(SpacesLibrary &library, const ConnectionSettings &settings,
                          const CliInvocation &invocation, CliOutput &output)
{
    if (const QString problem = CliShell::terminalProblem(); !problem.isEmpty()) {
        output.error(problem, CliOutput::UsageStatus);
        return ExitUsage;
    }
    // Asked first, so that a space that does not exist or is stopped gets a sentence rather
    // than a refused upgrade.
    const QString &name = invocation.arguments.at(0);
    const std::optional<SpaceSummary> space = findSpace(library, name, output);
    if (!space)
        return ExitFailure;
    if (!space->isRunning) {
        output.error(tr("space '%1' is not running: start it first: spacectl start %1").arg(name),
                     ApiError::conflict(QString()).status);
        return ExitNotRunning;
    }
    const QString shell = invocation.hasOption(QStringLiteral("shell"))
                              ? invocation.option(QStringLiteral("shell"))
                              : QStringLiteral("bash");
    CliShell terminal(settings, m_err);
    return terminal.run(space->id, shell, invocation.arguments.mid(1));
}

} // namespace spaces
