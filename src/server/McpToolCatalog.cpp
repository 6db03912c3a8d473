#include "McpToolCatalog.h"

#include <QJsonObject>
#include <initializer_list>
#include <utility>

namespace spaces {

namespace {

using Property = std::pair<const char *, QJsonObject>;

QJsonObject text(const QString &description)
{
    return {{QStringLiteral("type"), QStringLiteral("string")},
            {QStringLiteral("description"), description}};
}

QJsonObject whole(const QString &description, int minimum, int maximum)
{
    return {{QStringLiteral("type"), QStringLiteral("integer")},
            {QStringLiteral("description"), description},
            {QStringLiteral("minimum"), minimum},
            {QStringLiteral("maximum"), maximum}};
}

QJsonObject flag(const QString &description)
{
    return {{QStringLiteral("type"), QStringLiteral("boolean")},
            {QStringLiteral("description"), description}};
}

QJsonObject words(const QString &description)
{
    return {
        {QStringLiteral("type"), QStringLiteral("array")},
        {QStringLiteral("items"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
        {QStringLiteral("description"), description}};
}

QJsonObject shell(const QString &description)
{
    QJsonObject property = text(description);
    property.insert(QStringLiteral("enum"),
                    QJsonArray{QStringLiteral("bash"), QStringLiteral("zsh"),
                               QStringLiteral("fish"), QStringLiteral("sh")});
    return property;
}

QJsonObject fieldValues(const QString &description)
{
    const QJsonObject item{
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"),
         QJsonObject{{QStringLiteral("name"), text(QStringLiteral("The custom field's name, as "
                                                                  "the template defines it."))},
                     {QStringLiteral("value"), text(QStringLiteral("Its value."))}}},
        {QStringLiteral("required"), QJsonArray{QStringLiteral("name"), QStringLiteral("value")}}};
    return {{QStringLiteral("type"), QStringLiteral("array")},
            {QStringLiteral("items"), item},
            {QStringLiteral("description"), description}};
}

QJsonObject spaceName()
{
    return text(QStringLiteral("The space's name (or its id)."));
}

struct Hints
{
    bool readOnly = false;
    bool destructive = false;
    bool idempotent = false;
};

QJsonObject tool(const char *name, const char *title, const QString &description,
                 std::initializer_list<Property> properties,
                 std::initializer_list<const char *> required, Hints hints)
{
    QJsonObject schemaProperties;
    for (const Property &property : properties)
        schemaProperties.insert(QLatin1StringView(property.first), property.second);
    QJsonArray requiredNames;
    for (const char *key : required)
        requiredNames.append(QLatin1StringView(key));
    QJsonObject schema{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("properties"), schemaProperties},
                       {QStringLiteral("additionalProperties"), false}};
    if (!requiredNames.isEmpty())
        schema.insert(QStringLiteral("required"), requiredNames);
    return {{QStringLiteral("name"), QLatin1StringView(name)},
            {QStringLiteral("title"), QLatin1StringView(title)},
            {QStringLiteral("description"), description},
            {QStringLiteral("inputSchema"), schema},
            {QStringLiteral("annotations"),
             QJsonObject{{QStringLiteral("title"), QLatin1StringView(title)},
                         {QStringLiteral("readOnlyHint"), hints.readOnly},
                         {QStringLiteral("destructiveHint"), hints.destructive},
                         {QStringLiteral("idempotentHint"), hints.idempotent},
                         {QStringLiteral("openWorldHint"), false}}}};
}

QJsonArray buildTools()
{
    const Hints reads{true, false, true};
    const Hints changes{false, false, false};
    const Hints settles{false, false, true};
    const Hints destroys{false, true, false};
    return {
        tool("list_spaces", "List spaces",
             QStringLiteral("Lists the caller's spaces: name, id, is_running and description of "
                            "each. Use it to find a space's exact name."),
             {}, {}, reads),
        tool("get_space", "Show a space",
             QStringLiteral("Shows one space in full: template, shell, custom field values, "
                            "whether it is running (is_deployed) or starting (is_pending)."),
             {{"name", spaceName()}}, {"name"}, reads),
        tool("create_space", "Create a space",
             QStringLiteral("Creates a stopped space from a template and returns its id. Names "
                            "start with a letter, then letters, digits or single dashes (2 to 64 "
                            "characters), unique among the caller's spaces. list_templates names "
                            "the templates and their custom fields."),
             {{"name", text(QStringLiteral("The new space's name, e.g. \"api-dev\"."))},
              {"template_name",
               text(QStringLiteral("The template's name (or id), from list_templates."))},
              {"description", text(QStringLiteral("What the space is for (optional)."))},
              {"shell", shell(QStringLiteral("The space's shell (optional; default: the "
                                             "template's, else the user's preferred shell)."))},
              {"custom_fields",
               fieldValues(QStringLiteral("Values for the template's custom fields (optional)."))}},
             {"name", "template_name"}, changes),
        tool("update_space", "Change a space",
             QStringLiteral("Renames a space or changes its description, shell or custom field "
                            "values. Only the arguments given change; custom_fields sets the "
                            "fields it names and keeps the others."),
             {{"name", spaceName()},
              {"new_name", text(QStringLiteral("A new name for the space (optional)."))},
              {"description", text(QStringLiteral("A new description (optional)."))},
              {"shell", shell(QStringLiteral("A new shell (optional)."))},
              {"custom_fields",
               fieldValues(QStringLiteral("Custom field values to set (optional)."))}},
             {"name"}, settles),
        tool("start_space", "Start a space",
             QStringLiteral("Starts a stopped space (its template's services run) and answers "
                            "once it is running. Fails if it is already running."),
             {{"name", spaceName()}}, {"name"}, changes),
        tool("stop_space", "Stop a space",
             QStringLiteral("Stops a running space: every process in it ends. Its files stay."),
             {{"name", spaceName()}}, {"name"}, changes),
        tool("restart_space", "Restart a space",
             QStringLiteral("Stops and starts a running space again."), {{"name", spaceName()}},
             {"name"}, changes),
        tool("delete_space", "Delete a space",
             QStringLiteral("Deletes a stopped space and its home folder for good. Stop it "
                            "first; a running space cannot be deleted."),
             {{"name", spaceName()}}, {"name"}, destroys),
        tool("run_command", "Run a command",
             QStringLiteral("Runs a command in a running space with its shell (`<shell> -c`, in "
                            "the space's home folder unless workdir is given) and returns what "
                            "it printed, stdout and stderr merged. A non-zero exit or a timeout "
                            "is an error result that still carries the output."),
             {{"name", spaceName()},
              {"command", text(QStringLiteral("The program or shell command, e.g. \"ls\"."))},
              {"arguments", words(QStringLiteral("Arguments, each passed to the program "
                                                 "unchanged (optional)."))},
              {"timeout", whole(QStringLiteral("Seconds before the command is killed (default "
                                               "30, at most 3600)."),
                                1, 3600)},
              {"workdir", text(QStringLiteral("Working folder inside the space (optional)."))}},
             {"name", "command"}, changes),
        tool("run_script", "Run a script",
             QStringLiteral("Runs a stored script (see list_scripts) in a running space with "
                            "the given arguments and returns its output."),
             {{"name", spaceName()},
              {"script", text(QStringLiteral("The script's name, from list_scripts."))},
              {"arguments", words(QStringLiteral("Arguments for the script (optional)."))}},
             {"name", "script"}, changes),
        tool("list_templates", "List templates",
             QStringLiteral("Lists the templates spaces can be created from, with their custom "
                            "fields and whether this server can run them."),
             {}, {}, reads),
        tool("list_scripts", "List scripts",
             QStringLiteral("Lists the scripts run_script can run: the global ones and the "
                            "caller's own."),
             {}, {}, reads),
        tool("get_field", "Read a custom field",
             QStringLiteral("Reads one custom field of a space (empty when unset)."),
             {{"name", spaceName()}, {"field", text(QStringLiteral("The custom field's name."))}},
             {"name", "field"}, reads),
        tool("set_field", "Set a custom field",
             QStringLiteral("Sets one custom field of a space; the field must be defined by "
                            "the space's template."),
             {{"name", spaceName()},
              {"field", text(QStringLiteral("The custom field's name."))},
              {"value", text(QStringLiteral("The new value."))}},
             {"name", "field", "value"}, settles),
        tool("port_forward", "Forward a port between spaces",
             QStringLiteral("Listens on local_port for source_space and relays each connection "
                            "to remote_port of remote_space. Both spaces must be running; the "
                            "port must be free."),
             {{"source_space", text(QStringLiteral("The space the listener belongs to."))},
              {"local_port", whole(QStringLiteral("The port to listen on."), 1, 65535)},
              {"remote_space", text(QStringLiteral("The space to connect to."))},
              {"remote_port", whole(QStringLiteral("The port in remote_space."), 1, 65535)},
              {"persistent", flag(QStringLiteral("Bring it back whenever source_space starts "
                                                 "(optional, default false)."))}},
             {"source_space", "local_port", "remote_space", "remote_port"}, changes),
        tool("port_list", "List port forwards",
             QStringLiteral("Lists the port forwards of a space: local_port, target space and "
                            "remote_port of each."),
             {{"space", text(QStringLiteral("The space's name (or its id)."))}}, {"space"}, reads),
        tool("port_stop", "Stop a port forward",
             QStringLiteral("Stops the forward listening on local_port of a space."),
             {{"space", text(QStringLiteral("The space's name (or its id)."))},
              {"local_port", whole(QStringLiteral("The forward's local port."), 1, 65535)}},
             {"space", "local_port"}, destroys),
    };
}

} // namespace

const QJsonArray &McpToolCatalog::tools()
{
    static const QJsonArray all = buildTools();
    return all;
}

bool McpToolCatalog::has(const QString &name)
{
    for (const QJsonValue &tool : tools()) {
        if (tool.toObject().value(QLatin1StringView("name")).toString() == name)
            return true;
    }
    return false;
}

} // namespace spaces
