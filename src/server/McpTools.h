#pragma once

#include "McpToolResult.h"
#include "SpaceService.h"
#include "User.h"

#include <QJsonObject>
#include <functional>

namespace spaces {

class ApiContext;
class BodyReader;
class CatalogService;
class CommandService;
class ForwardService;

// Runs the tools of McpToolCatalog for an authenticated user through the same services the
// REST routes call, in-process. Long tools (start, stop, run_command, ...) queue behind the
// user's other long operations and answer when done, so no thread waits for them. `done`
// runs once, on the Qt thread or on a reader thread (list_spaces).
class McpTools final
{
public:
    McpTools(ApiContext &context, SpaceService &spaces, CommandService &commands,
             CatalogService &catalog, ForwardService &forwards)
        : m_context(context)
        , m_spaces(spaces)
        , m_commands(commands)
        , m_catalog(catalog)
        , m_forwards(forwards)
    {}

    using Done = std::function<void(const McpToolResult &)>;
    // `name` must be one of McpToolCatalog's.
    void call(const User &user, const QString &name, const QJsonObject &arguments, Done done);

private:
    using Tool = void (McpTools::*)(const User &, BodyReader &, Done);

    void listSpaces(const User &user, BodyReader &arguments, Done done);
    void getSpace(const User &user, BodyReader &arguments, Done done);
    void createSpace(const User &user, BodyReader &arguments, Done done);
    void updateSpace(const User &user, BodyReader &arguments, Done done);
    void startSpace(const User &user, BodyReader &arguments, Done done);
    void stopSpace(const User &user, BodyReader &arguments, Done done);
    void restartSpace(const User &user, BodyReader &arguments, Done done);
    void deleteSpace(const User &user, BodyReader &arguments, Done done);
    void runCommand(const User &user, BodyReader &arguments, Done done);
    void runScript(const User &user, BodyReader &arguments, Done done);
    void listTemplates(const User &user, BodyReader &arguments, Done done);
    void listScripts(const User &user, BodyReader &arguments, Done done);
    void getField(const User &user, BodyReader &arguments, Done done);
    void setField(const User &user, BodyReader &arguments, Done done);
    void portForward(const User &user, BodyReader &arguments, Done done);
    void portList(const User &user, BodyReader &arguments, Done done);
    void portStop(const User &user, BodyReader &arguments, Done done);

    static Tool toolNamed(const QString &name);
    void transition(const User &user, BodyReader &arguments, SpaceService::Transition kind,
                    const char *pastTense, Done done);

    ApiContext &m_context;
    SpaceService &m_spaces;
    CommandService &m_commands;
    CatalogService &m_catalog;
    ForwardService &m_forwards;
};

} // namespace spaces
