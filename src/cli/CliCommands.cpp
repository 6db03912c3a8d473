#include "CliCommands.h"

#include "CliAdvice.h"
#include "CliExitCode.h"
#include "CliUsageCheck.h"
#include "SpacesLibrary.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

namespace spaces {

namespace {

QString successKey()
{
    return QStringLiteral("success");
}

// The state a user reads: Knot reports a space deployed before its agent is connected.
QString statusName(const Space &space)
{
    switch (space.state()) {
    case Space::State::Stopped:
        return QStringLiteral("stopped");
    case Space::State::Pending:
        return QStringLiteral("pending");
    case Space::State::Deleting:
        return QStringLiteral("deleting");
    case Space::State::Running:
        break;
    }
    return space.isReady() ? QStringLiteral("running") : QStringLiteral("starting");
}

// The seed's keys (name, id, is_running, description) and what a script needs besides.
QJsonObject listEntry(const Space &space)
{
    QJsonObject entry = SpaceSummary::fromSpace(space).toJson();
    entry.insert(QStringLiteral("template"),
                 space.templateName.isEmpty() ? space.templateId : space.templateName);
    entry.insert(QStringLiteral("status"), statusName(space));
    entry.insert(QStringLiteral("shell"), space.shell);
    return entry;
}

} // namespace

CliCommands::CliCommands(SpacesLibrary &library, CliOutput &output)
    : m_library(library)
    , m_output(output)
{}

int CliCommands::execute(const CliInvocation &invocation)
{
    static const QHash<QString, Handler> handlers{
        {QStringLiteral("list"), &CliCommands::list},
        {QStringLiteral("start"), &CliCommands::start},
        {QStringLiteral("stop"), &CliCommands::stop},
        {QStringLiteral("restart"), &CliCommands::restart},
        {QStringLiteral("is-running"), &CliCommands::isRunning},
        {QStringLiteral("create"), &CliCommands::create},
        {QStringLiteral("delete"), &CliCommands::remove},
        {QStringLiteral("get-field"), &CliCommands::getField},
        {QStringLiteral("set-field"), &CliCommands::setField},
        {QStringLiteral("get-description"), &CliCommands::getDescription},
        {QStringLiteral("set-description"), &CliCommands::setDescription},
        {QStringLiteral("run-script"), &CliCommands::runScript},
        {QStringLiteral("run"), &CliCommands::run},
        {QStringLiteral("port-forward"), &CliCommands::portForward},
        {QStringLiteral("port-list"), &CliCommands::portList},
        {QStringLiteral("port-stop"), &CliCommands::portStop},
        {QStringLiteral("templates"), &CliCommands::templates},
        {QStringLiteral("scripts"), &CliCommands::scripts},
    };
    const Handler handler = handlers.value(invocation.command);
    if (!handler) {
        m_output.usageError(tr("unknown command '%1'").arg(invocation.command), QString());
        return ExitUsage;
    }
    m_invocation = &invocation;
    return (this->*handler)(invocation);
}

int CliCommands::fail(const ApiError &error)
{
    if (error.message.isEmpty())
        m_output.error(tr("the operation failed (status %1)").arg(error.status), error.status);
    else
        m_output.error(m_invocation ? CliAdvice::sentence(*m_invocation, error) : error.message,
                       error.status);
    return ExitFailure;
}

int CliCommands::done(const Expected<bool> &result, const QString &message)
{
    if (!result)
        return fail(result.error());
    if (m_output.isJson())
        m_output.json(QJsonObject{{successKey(), true}});
    else
        m_output.line(message);
    return ExitSuccess;
}

int CliCommands::list(const CliInvocation &)
{
    if (m_output.isJson()) {
        const Expected<SpaceList> spaces = m_library.spaces();
        if (!spaces)
            return fail(spaces.error());
        QJsonArray array;
        for (const Space &space : *spaces)
            array.append(listEntry(space));
        m_output.json(array);
        return ExitSuccess;
    }
    const Expected<SpaceSummaryList> spaces = m_library.list();
    if (!spaces)
        return fail(spaces.error());
    if (spaces->isEmpty()) {
        m_output.line(tr("No spaces yet: create one with 'spacectl create NAME TEMPLATE'."));
        return ExitSuccess;
    }
    QList<QStringList> rows;
    for (const SpaceSummary &space : *spaces)
        rows.append({space.name, space.isRunning ? tr("running") : tr("stopped"), space.id,
                     space.description});
    m_output.table({tr("NAME"), tr("STATUS"), tr("ID"), tr("DESCRIPTION")}, rows);
    return ExitSuccess;
}

int CliCommands::start(const CliInvocation &invocation)
{
    const QString &name = invocation.arguments.at(0);
    return done(m_library.start(name), tr("Started space '%1'.").arg(name));
}

int CliCommands::stop(const CliInvocation &invocation)
{
    const QString &name = invocation.arguments.at(0);
    return done(m_library.stop(name), tr("Stopped space '%1'.").arg(name));
}

int CliCommands::restart(const CliInvocation &invocation)
{
    const QString &name = invocation.arguments.at(0);
    return done(m_library.restart(name), tr("Restarted space '%1'.").arg(name));
}

int CliCommands::isRunning(const CliInvocation &invocation)
{
    const QString &name = invocation.arguments.at(0);
    const Expected<bool> running = m_library.is_running(name);
    if (!running)
        return fail(running.error());
    if (m_output.isJson())
        m_output.json(
            QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("is_running"), *running}});
    else
        m_output.line(*running ? tr("running") : tr("stopped"));
    return *running ? ExitSuccess : ExitNotRunning;
}

int CliCommands::create(const CliInvocation &invocation)
{
    const QString &name = invocation.arguments.at(0);
    const QString shell = invocation.hasOption(QStringLiteral("shell"))
                              ? invocation.option(QStringLiteral("shell"))
                              : QStringLiteral("bash");
    const Expected<QString> id = m_library.create(name, invocation.arguments.at(1),
                                                  invocation.option(QStringLiteral("description")),
                                                  shell, CliUsageCheck::fields(invocation));
    if (!id)
        return fail(id.error());
    if (m_output.isJson())
        m_output.json(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("id"), *id}});
    else
        m_output.line(tr("Created space '%1' with id %2.").arg(name, *id));
    return ExitSuccess;
}

int CliCommands::remove(const CliInvocation &invocation)
{
    const QString &name = invocation.arguments.at(0);
    return done(m_library.delete_(name), tr("Deleted space '%1'.").arg(name));
}

int CliCommands::getField(const CliInvocation &invocation)
{
    const QString &field = invocation.arguments.at(1);
    const Expected<QString> value = m_library.get_field(invocation.arguments.at(0), field);
    if (!value)
        return fail(value.error());
    if (m_output.isJson())
        m_output.json(
            QJsonObject{{QStringLiteral("name"), field}, {QStringLiteral("value"), *value}});
    else
        m_output.line(*value);
    return ExitSuccess;
}

int CliCommands::setField(const CliInvocation &invocation)
{
    const QStringList &words = invocation.arguments;
    return done(m_library.set_field(words.at(0), words.at(1), words.at(2)),
                tr("Set field '%1' of space '%2'.").arg(words.at(1), words.at(0)));
}

int CliCommands::getDescription(const CliInvocation &invocation)
{
    const Expected<QString> description = m_library.get_description(invocation.arguments.at(0));
    if (!description)
        return fail(description.error());
    if (m_output.isJson())
        m_output.json(QJsonObject{{QStringLiteral("description"), *description}});
    else
        m_output.line(*description);
    return ExitSuccess;
}

int CliCommands::setDescription(const CliInvocation &invocation)
{
    const QString &name = invocation.arguments.at(0);
    return done(m_library.set_description(name, invocation.arguments.at(1)),
                tr("Changed the description of space '%1'.").arg(name));
}

int CliCommands::runScript(const CliInvocation &invocation)
{
    const QString &scriptName = invocation.arguments.at(1);
    const Expected<ScriptResult> result = m_library.executeScript(
        invocation.arguments.at(0), scriptName, invocation.arguments.mid(2));
    if (!result)
        return fail(result.error());
    if (m_output.isJson())
        m_output.json(result->toJson());
    else
        m_output.raw(result->output);
    // The output is on stdout already: the sentence alone goes to stderr.
    ScriptResult withoutOutput = *result;
    withoutOutput.output.clear();
    if (const ApiError failure = SpacesLibrary::scriptFailure(scriptName, withoutOutput);
        failure.isError())
        return fail(failure);
    return ExitSuccess;
}

int CliCommands::run(const CliInvocation &invocation)
{
    RunCommandRequest request;
    request.command = invocation.arguments.at(1);
    request.arguments = invocation.arguments.mid(2);
    request.timeoutSeconds = CliUsageCheck::timeout(invocation.option(QStringLiteral("timeout")))
                                 .value_or(SpacesLibrary::DefaultRunTimeoutSeconds);
    request.workdir = invocation.option(QStringLiteral("workdir"));
    const Expected<CommandResult> result =
        m_library.runCommand(invocation.arguments.at(0), request);
    if (!result)
        return fail(result.error());
    if (m_output.isJson())
        m_output.json(result->toJson());
    else
        m_output.raw(result->output);
    if (!result->success) {
        CommandResult withoutOutput = *result;
        withoutOutput.output.clear();
        return fail(SpacesLibrary::commandFailure(withoutOutput));
    }
    return ExitSuccess;
}

int CliCommands::portForward(const CliInvocation &invocation)
{
    const QStringList &words = invocation.arguments;
    const int localPort = CliUsageCheck::port(words.at(1)).value_or(0);
    const int remotePort = CliUsageCheck::port(words.at(3)).value_or(0);
    const bool persistent = invocation.hasOption(QStringLiteral("persistent"));
    const QString message = tr("Forwarding port %1 of space '%2' to port %3 of space '%4'.")
                                .arg(localPort)
                                .arg(words.at(0))
                                .arg(remotePort)
                                .arg(words.at(2));
    return done(m_library.port_forward(words.at(0), localPort, words.at(2), remotePort, persistent),
                persistent ? message + u' ' +
                                 tr("It comes back whenever '%1' starts again.").arg(words.at(0))
                           : message);
}

int CliCommands::portList(const CliInvocation &invocation)
{
    const QString &name = invocation.arguments.at(0);
    const Expected<PortForwardList> forwards = m_library.port_list(name);
    if (!forwards)
        return fail(forwards.error());
    if (m_output.isJson()) {
        QJsonArray array;
        for (const PortForward &forward : *forwards) {
            array.append(QJsonObject{{QStringLiteral("local_port"), forward.localPort},
                                     {QStringLiteral("space"), forward.space},
                                     {QStringLiteral("remote_port"), forward.remotePort},
                                     {QStringLiteral("persistent"), forward.persistent}});
        }
        m_output.json(array);
        return ExitSuccess;
    }
    if (forwards->isEmpty()) {
        m_output.line(tr("No port forwards from space '%1'.").arg(name));
        return ExitSuccess;
    }
    QList<QStringList> rows;
    for (const PortForward &forward : *forwards)
        rows.append({QString::number(forward.localPort), forward.space,
                     QString::number(forward.remotePort)});
    m_output.table({tr("LOCAL PORT"), tr("SPACE"), tr("REMOTE PORT")}, rows);
    return ExitSuccess;
}

int CliCommands::portStop(const CliInvocation &invocation)
{
    const QString &name = invocation.arguments.at(0);
    const int localPort = CliUsageCheck::port(invocation.arguments.at(1)).value_or(0);
    return done(m_library.port_stop(name, localPort),
                tr("Stopped forwarding port %1 of space '%2'.").arg(localPort).arg(name));
}

int CliCommands::templates(const CliInvocation &)
{
    const Expected<SpaceTemplateList> templates = m_library.templates();
    if (!templates)
        return fail(templates.error());
    if (m_output.isJson()) {
        QJsonArray array;
        for (const SpaceTemplate &spaceTemplate : *templates) {
            QJsonArray fields;
            for (const CustomFieldDefinition &field : spaceTemplate.customFields)
                fields.append(field.toJson());
            array.append(QJsonObject{{QStringLiteral("name"), spaceTemplate.name},
                                     {QStringLiteral("id"), spaceTemplate.id},
                                     {QStringLiteral("description"), spaceTemplate.description},
                                     {QStringLiteral("custom_fields"), fields}});
        }
        m_output.json(array);
        return ExitSuccess;
    }
    if (templates->isEmpty()) {
        m_output.line(tr("The server has no templates."));
        return ExitSuccess;
    }
    QList<QStringList> rows;
    for (const SpaceTemplate &spaceTemplate : *templates) {
        QStringList fields;
        for (const CustomFieldDefinition &field : spaceTemplate.customFields)
            fields.append(field.name);
        rows.append({spaceTemplate.name,
                     fields.isEmpty() ? QStringLiteral("-") : fields.join(QStringLiteral(", ")),
                     spaceTemplate.description});
    }
    m_output.table({tr("NAME"), tr("FIELDS"), tr("DESCRIPTION")}, rows);
    return ExitSuccess;
}

int CliCommands::scripts(const CliInvocation &)
{
    const Expected<ScriptList> scripts = m_library.scripts();
    if (!scripts)
        return fail(scripts.error());
    if (m_output.isJson()) {
        QJsonArray array;
        for (const Script &script : *scripts) {
            array.append(QJsonObject{{QStringLiteral("name"), script.name},
                                     {QStringLiteral("id"), script.id},
                                     {QStringLiteral("description"), script.description},
                                     {QStringLiteral("global"), script.userId.isEmpty()}});
        }
        m_output.json(array);
        return ExitSuccess;
    }
    if (scripts->isEmpty()) {
        m_output.line(tr("No scripts."));
        return ExitSuccess;
    }
    QList<QStringList> rows;
    for (const Script &script : *scripts)
        rows.append({script.name, script.userId.isEmpty() ? tr("global") : tr("yours"),
                     script.description});
    m_output.table({tr("NAME"), tr("SCOPE"), tr("DESCRIPTION")}, rows);
    return ExitSuccess;
}

} // namespace spaces
