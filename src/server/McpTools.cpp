#include "McpTools.h"

#include "ApiContext.h"
#include "CatalogService.h"
#include "CommandService.h"
#include "ForwardService.h"
#include "HttpJson.h"
#include "LocalRuntime.h"
#include "SpaceBackend.h"
#include "Validation.h"

#include <QJsonArray>
#include <algorithm>
#include <map>

namespace spaces {

namespace {

// Output and the failure's sentence, so a model sees both.
QString outputThen(const QString &output, const QString &problem)
{
    if (output.isEmpty())
        return problem;
    const QString separator = output.endsWith(u'\n') ? QString() : QStringLiteral("\n");
    return output + separator + problem;
}

} // namespace

McpTools::Tool McpTools::toolNamed(const QString &name)
{
    static const std::map<QString, Tool> tools{
        {QStringLiteral("list_spaces"), &McpTools::listSpaces},
        {QStringLiteral("get_space"), &McpTools::getSpace},
        {QStringLiteral("create_space"), &McpTools::createSpace},
        {QStringLiteral("update_space"), &McpTools::updateSpace},
        {QStringLiteral("start_space"), &McpTools::startSpace},
        {QStringLiteral("stop_space"), &McpTools::stopSpace},
        {QStringLiteral("restart_space"), &McpTools::restartSpace},
        {QStringLiteral("delete_space"), &McpTools::deleteSpace},
        {QStringLiteral("run_command"), &McpTools::runCommand},
        {QStringLiteral("run_script"), &McpTools::runScript},
        {QStringLiteral("list_templates"), &McpTools::listTemplates},
        {QStringLiteral("list_scripts"), &McpTools::listScripts},
        {QStringLiteral("get_field"), &McpTools::getField},
        {QStringLiteral("set_field"), &McpTools::setField},
        {QStringLiteral("port_forward"), &McpTools::portForward},
        {QStringLiteral("port_list"), &McpTools::portList},
        {QStringLiteral("port_stop"), &McpTools::portStop},
    };
    const auto found = tools.find(name);
    return found == tools.end() ? nullptr : found->second;
}

void McpTools::call(const User &user, const QString &name, const QJsonObject &arguments, Done done)
{
    const Tool tool = toolNamed(name);
    if (!tool)
        return done(McpToolResult::failure(QStringLiteral("no such tool: %1").arg(name)));
    BodyReader reader(arguments);
    (this->*tool)(user, reader, std::move(done));
}

void McpTools::listSpaces(const User &user, BodyReader &, Done done)
{
    // Read and turned into JSON on a reader thread, as GET /api/spaces is.
    m_spaces.list(user, QString(), [done = std::move(done)](const Expected<SpaceList> &found) {
        if (!found)
            return done(McpToolResult::failure(found.error()));
        QJsonArray spaces;
        for (const Space &space : *found) {
            // The seed's list(): name, id, is_running, description.
            spaces.append(QJsonObject{{QStringLiteral("name"), space.name},
                                      {QStringLiteral("id"), space.id},
                                      {QStringLiteral("is_running"), space.isDeployed},
                                      {QStringLiteral("description"), space.description}});
        }
        done(McpToolResult::data({{QStringLiteral("spaces"), spaces}}));
    });
}

void McpTools::getSpace(const User &user, BodyReader &arguments, Done done)
{
    const QString name = arguments.requiredString("name");
    if (arguments.failed())
        return done(McpToolResult::failure(arguments.error()));
    const Expected<Space> space = m_spaces.read(user, name);
    if (!space)
        return done(McpToolResult::failure(space.error()));
    done(McpToolResult::data(space->toJson()));
}

void McpTools::createSpace(const User &user, BodyReader &arguments, Done done)
{
    SpaceService::NewSpace space;
    space.name = arguments.requiredString("name");
    space.templateKey = arguments.requiredString("template_name");
    space.description = arguments.string("description");
    space.shell = arguments.string("shell");
    space.fields = arguments.fieldValues("custom_fields");
    if (arguments.failed())
        return done(McpToolResult::failure(arguments.error()));
    const Expected<QString> created = m_spaces.create(user, space);
    if (!created)
        return done(McpToolResult::failure(created.error()));
    McpToolResult result = McpToolResult::data({{QStringLiteral("space_id"), *created}});
    result.text = QStringLiteral("Created space '%1' (id %2); it is stopped until started.")
                      .arg(space.name, *created);
    done(result);
}

void McpTools::updateSpace(const User &user, BodyReader &arguments, Done done)
{
    const QString name = arguments.requiredString("name");
    SpaceService::SpaceChanges changes;
    if (arguments.has("new_name"))
        changes.name = arguments.string("new_name");
    if (arguments.has("description"))
        changes.description = arguments.string("description");
    if (arguments.has("shell"))
        changes.shell = arguments.string("shell");
    const CustomFieldValues given = arguments.fieldValues("custom_fields");
    if (arguments.failed())
        return done(McpToolResult::failure(arguments.error()));
    const Expected<Space> space = m_spaces.read(user, name);
    if (!space)
        return done(McpToolResult::failure(space.error()));
    // The service replaces the whole list: start from the space's own values, then apply.
    changes.fields = space->customFields;
    for (const CustomFieldValue &value : given) {
        const auto same = [&value](const CustomFieldValue &v) {
            return v.name == value.name;
        };
        const auto existing = std::find_if(changes.fields.begin(), changes.fields.end(), same);
        if (existing != changes.fields.end())
            existing->value = value.value;
        else
            changes.fields.append(value);
    }
    if (const Expected<void> updated = m_spaces.update(user, space->id, changes); !updated)
        return done(McpToolResult::failure(updated.error()));
    done(McpToolResult::success(
        QStringLiteral("Updated space '%1'.").arg(changes.name.value_or(space->name))));
}

void McpTools::transition(const User &user, BodyReader &arguments, SpaceService::Transition kind,
                          const char *pastTense, Done done)
{
    const QString name = arguments.requiredString("name");
    if (arguments.failed())
        return done(McpToolResult::failure(arguments.error()));
    const QString doneText =
        QStringLiteral("Space '%1' %2.").arg(name, QLatin1StringView(pastTense));
    m_spaces.transition(user, name, kind,
                        [done = std::move(done), doneText](const ApiError &error) {
                            done(error.isError() ? McpToolResult::failure(error)
                                                 : McpToolResult::success(doneText));
                        });
}

void McpTools::startSpace(const User &user, BodyReader &arguments, Done done)
{
    transition(user, arguments, SpaceService::Transition::Start, "started", std::move(done));
}

void McpTools::stopSpace(const User &user, BodyReader &arguments, Done done)
{
    transition(user, arguments, SpaceService::Transition::Stop, "stopped", std::move(done));
}

void McpTools::restartSpace(const User &user, BodyReader &arguments, Done done)
{
    transition(user, arguments, SpaceService::Transition::Restart, "restarted", std::move(done));
}

void McpTools::deleteSpace(const User &user, BodyReader &arguments, Done done)
{
    const QString name = arguments.requiredString("name");
    if (arguments.failed())
        return done(McpToolResult::failure(arguments.error()));
    if (const Expected<void> removed = m_spaces.remove(user, name); !removed)
        return done(McpToolResult::failure(removed.error()));
    done(McpToolResult::success(QStringLiteral("Deleted space '%1'.").arg(name)));
}

void McpTools::runCommand(const User &user, BodyReader &arguments, Done done)
{
    const QString name = arguments.requiredString("name");
    LocalRuntime::CommandRequest command;
    command.command = arguments.requiredString("command");
    command.arguments = arguments.stringList("arguments");
    command.timeout = Validation::normalizeRunTimeout(
        arguments.integer("timeout", Validation::DefaultRunTimeout.count()));
    command.workdir = arguments.string("workdir");
    if (arguments.failed())
        return done(McpToolResult::failure(arguments.error()));
    m_commands.runCommand(user, name, command,
                          [done = std::move(done)](const Expected<CommandResult> &result) {
                              if (!result)
                                  return done(McpToolResult::failure(result.error()));
                              McpToolResult answer = McpToolResult::data(result->toJson());
                              if (result->success) {
                                  answer.text = result->output;
                              } else {
                                  const QString problem =
                                      result->exitCode && result->error.isEmpty()
                                          ? QStringLiteral("exit status %1").arg(*result->exitCode)
                                          : result->error;
                                  answer.text = outputThen(result->output, problem);
                                  answer.isError = true;
                              }
                              done(answer);
                          });
}

void McpTools::runScript(const User &user, BodyReader &arguments, Done done)
{
    const QString name = arguments.requiredString("name");
    CommandService::ScriptRequest script;
    script.scriptName = arguments.requiredString("script");
    script.arguments = arguments.stringList("arguments");
    if (arguments.failed())
        return done(McpToolResult::failure(arguments.error()));
    m_commands.runScript(
        user, name, script, [done = std::move(done)](const Expected<ScriptResult> &result) {
            if (!result)
                return done(McpToolResult::failure(result.error()));
            McpToolResult answer = McpToolResult::data(result->toJson());
            answer.text = result->output;
            if (!result->succeeded()) {
                answer.text = outputThen(
                    result->output, result->error.isEmpty()
                                        ? QStringLiteral("exit status %1").arg(result->exitCode)
                                        : result->error);
                answer.isError = true;
            }
            done(answer);
        });
}

void McpTools::listTemplates(const User &user, BodyReader &, Done done)
{
    if (const Expected<void> allowed = SpacePermissions::checkMayUseSpaces(user); !allowed)
        return done(McpToolResult::failure(allowed.error()));
    QJsonArray templates;
    const SpaceTemplateList all = m_catalog.templates();
    for (const SpaceTemplate &spaceTemplate : all) {
        if (!spaceTemplate.active)
            continue; // nothing may be created from it
        QJsonArray fields;
        for (const CustomFieldDefinition &field : spaceTemplate.customFields)
            fields.append(field.toJson());
        QJsonObject entry{{QStringLiteral("template_id"), spaceTemplate.id},
                          {QStringLiteral("name"), spaceTemplate.name},
                          {QStringLiteral("description"), spaceTemplate.description},
                          {QStringLiteral("platform"), spaceTemplate.platform},
                          {QStringLiteral("custom_fields"), fields}};
        const Expected<void> usable = m_context.runtime.backendFor(spaceTemplate).available();
        entry.insert(QStringLiteral("available"), bool(usable));
        if (!usable)
            entry.insert(QStringLiteral("unavailable_reason"), usable.error().message);
        templates.append(entry);
    }
    done(McpToolResult::data({{QStringLiteral("templates"), templates}}));
}

void McpTools::listScripts(const User &user, BodyReader &, Done done)
{
    if (const Expected<void> allowed = SpacePermissions::checkMayUseSpaces(user); !allowed)
        return done(McpToolResult::failure(allowed.error()));
    const Expected<ScriptList> found = m_catalog.scripts(user, QString());
    if (!found)
        return done(McpToolResult::failure(found.error()));
    QJsonArray scripts;
    for (const Script &script : *found)
        scripts.append(script.toJson(false));
    done(McpToolResult::data({{QStringLiteral("scripts"), scripts}}));
}

void McpTools::getField(const User &user, BodyReader &arguments, Done done)
{
    const QString name = arguments.requiredString("name");
    const QString field = arguments.requiredString("field");
    if (arguments.failed())
        return done(McpToolResult::failure(arguments.error()));
    const Expected<CustomFieldValue> value = m_spaces.field(user, name, field);
    if (!value)
        return done(McpToolResult::failure(value.error()));
    McpToolResult result = McpToolResult::data(value->toJson());
    result.text = value->value;
    done(result);
}

void McpTools::setField(const User &user, BodyReader &arguments, Done done)
{
    const QString name = arguments.requiredString("name");
    const QString field = arguments.requiredString("field");
    const QString value = arguments.requiredString("value");
    if (arguments.failed())
        return done(McpToolResult::failure(arguments.error()));
    if (const Expected<void> saved = m_spaces.setField(user, name, field, value); !saved)
        return done(McpToolResult::failure(saved.error()));
    done(McpToolResult::success(QStringLiteral("Set %1 of space '%2'.").arg(field, name)));
}

void McpTools::portForward(const User &user, BodyReader &arguments, Done done)
{
    const QString source = arguments.requiredString("source_space");
    ForwardService::ForwardRequest forward;
    forward.localPort = arguments.requiredInteger("local_port");
    forward.targetSpace = arguments.requiredString("remote_space");
    forward.remotePort = arguments.requiredInteger("remote_port");
    forward.persistent = arguments.boolean("persistent");
    if (arguments.failed())
        return done(McpToolResult::failure(arguments.error()));
    if (const Expected<void> opened = m_forwards.open(user, source, forward); !opened)
        return done(McpToolResult::failure(opened.error()));
    done(McpToolResult::success(QStringLiteral("Forwarding port %1 of '%2' to %3:%4.")
                                    .arg(forward.localPort)
                                    .arg(source, forward.targetSpace)
                                    .arg(forward.remotePort)));
}

void McpTools::portList(const User &user, BodyReader &arguments, Done done)
{
    const QString space = arguments.requiredString("space");
    if (arguments.failed())
        return done(McpToolResult::failure(arguments.error()));
    const Expected<PortForwardList> active = m_forwards.list(user, space);
    if (!active)
        return done(McpToolResult::failure(active.error()));
    QJsonArray forwards;
    for (const PortForward &forward : *active)
        forwards.append(forward.toJson());
    done(McpToolResult::data({{QStringLiteral("forwards"), forwards}}));
}

void McpTools::portStop(const User &user, BodyReader &arguments, Done done)
{
    const QString space = arguments.requiredString("space");
    const qint64 localPort = arguments.requiredInteger("local_port");
    if (arguments.failed())
        return done(McpToolResult::failure(arguments.error()));
    if (const Expected<void> stopped = m_forwards.stop(user, space, localPort); !stopped)
        return done(McpToolResult::failure(stopped.error()));
    done(McpToolResult::success(
        QStringLiteral("Stopped the forward on port %1 of '%2'.").arg(localPort).arg(space)));
}

} // namespace spaces
