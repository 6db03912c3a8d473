#include "CliCommandTable.h"

namespace spaces {

namespace {

CliCommandSpec command(const char *name, const char *arguments, int minArguments, int maxArguments)
{
    CliCommandSpec spec;
    spec.name = QLatin1StringView(name);
    spec.arguments = QLatin1StringView(arguments);
    spec.minArguments = minArguments;
    spec.maxArguments = maxArguments;
    return spec;
}

} // namespace

const QList<CliCommandSpec> &CliCommandTable::commands()
{
    static const QList<CliCommandSpec> table = [] {
        QList<CliCommandSpec> all;
        CliCommandSpec spec = command("list", "", 0, 0);
        spec.summary = tr("List your spaces");
        spec.details =
            tr("Shows each space's name, whether it is running, its id and its description; "
               "with --json also its template, status (stopped, pending, starting, running or "
               "deleting) and shell.");
        spec.examples = {QStringLiteral("spacectl list"), QStringLiteral("spacectl list --json")};
        all.append(spec);

        spec = command("start", "NAME", 1, 1);
        spec.summary = tr("Start a space");
        spec.details = tr("Starts the space's services. Fails if the space does not exist or is "
                          "already running.");
        spec.examples = {QStringLiteral("spacectl start my-dev-space")};
        all.append(spec);

        spec = command("stop", "NAME", 1, 1);
        spec.summary = tr("Stop a running space");
        spec.details =
            tr("Stops the space's services. Fails if the space does not exist or is not running.");
        spec.examples = {QStringLiteral("spacectl stop my-dev-space")};
        all.append(spec);

        spec = command("restart", "NAME", 1, 1);
        spec.summary = tr("Restart a running space");
        spec.details = tr("Stops and starts the space again. Fails if the space is not running.");
        spec.examples = {QStringLiteral("spacectl restart my-dev-space")};
        all.append(spec);

        spec = command("is-running", "NAME", 1, 1);
        spec.summary = tr("Tell whether a space is running");
        spec.details =
            tr("Prints 'running' or 'stopped'. Exits with status 0 when the space is running "
               "and 3 when it is stopped, so scripts can wait for it.");
        spec.examples = {
            QStringLiteral("until spacectl is-running my-dev-space; do sleep 2; done")};
        all.append(spec);

        spec = command("create", "NAME TEMPLATE", 2, 2);
        spec.summary = tr("Create a space from a template");
        spec.details = tr(
            "Creates a stopped space from the template named TEMPLATE (see 'spacectl templates') "
            "and prints its id.");
        spec.options = {{QStringLiteral("description"), QStringLiteral("TEXT"),
                         tr("what the space is for (default: none)")},
                        {QStringLiteral("shell"), QStringLiteral("SHELL"),
                         tr("bash, zsh, fish or sh (default: bash)")},
                        {QStringLiteral("field"), QStringLiteral("NAME=VALUE"),
                         tr("a custom field of the template; repeat for more")}};
        spec.options.last().repeatable = true;
        spec.examples = {QStringLiteral("spacectl create test-space service --description \"Test "
                                        "environment\" --shell bash"),
                         QStringLiteral("spacectl create site web --field port=8000")};
        all.append(spec);

        spec = command("delete", "NAME", 1, 1);
        spec.summary = tr("Delete a stopped space");
        spec.details =
            tr("Deletes the space and its files. A running space must be stopped first.");
        spec.examples = {QStringLiteral("spacectl stop old-space && spacectl delete old-space")};
        all.append(spec);

        spec = command("get-field", "NAME FIELD", 2, 2);
        spec.summary = tr("Print a custom field's value");
        spec.details = tr("Prints the value of a custom field the space's template defines (an "
                          "empty line when unset).");
        spec.examples = {QStringLiteral("spacectl get-field my-dev-space api_key")};
        all.append(spec);

        spec = command("set-field", "NAME FIELD VALUE", 3, 3);
        spec.summary = tr("Set a custom field's value");
        spec.details = tr("Sets a custom field the space's template defines. Put -- before a VALUE "
                          "that starts with -.");
        spec.examples = {QStringLiteral("spacectl set-field my-dev-space api_key sk-1234567890")};
        all.append(spec);

        spec = command("get-description", "NAME", 1, 1);
        spec.summary = tr("Print a space's description");
        spec.details = tr("Prints the description of the space.");
        spec.examples = {QStringLiteral("spacectl get-description my-dev-space")};
        all.append(spec);

        spec = command("set-description", "NAME DESCRIPTION", 2, 2);
        spec.summary = tr("Change a space's description");
        spec.details = tr("Replaces the description of the space (at most 1024 bytes).");
        spec.examples = {
            QStringLiteral("spacectl set-description my-dev-space \"Updated description\"")};
        all.append(spec);

        spec = command("run-script", "SPACE SCRIPT [ARG...]", 2, -1);
        spec.summary = tr("Run a stored script in a running space");
        spec.details = tr("Runs the script named SCRIPT (see 'spacectl scripts') in the space and "
                          "prints its output. "
                          "Every word after SPACE is passed on unchanged; options go before SPACE. "
                          "A script that exits with a non-zero status makes spacectl exit with 1.");
        spec.passThrough = true;
        spec.examples = {
            QStringLiteral("spacectl run-script my-dev-space build-script production v1.2.3")};
        all.append(spec);

        spec = command("script", "FILE.py [ARG...]", 1, -1);
        spec.summary = tr("Run a Python script that uses the spaces module");
        spec.details =
            tr("Runs 'python3 FILE.py ARG...' with SPACES_URL and SPACES_TOKEN set for the server "
               "spacectl would use, so that 'import spaces' in the script manages the same spaces. "
               "Every word after FILE.py reaches the script unchanged; the script's output is "
               "passed through and its exit status is spacectl's. SPACES_PYTHON names another "
               "interpreter.");
        spec.passThrough = true;
        spec.examples = {QStringLiteral("spacectl script list-spaces.py"),
                         QStringLiteral("spacectl script --server https://knot.example.com "
                                        "--token TOKEN deploy.py production")};
        all.append(spec);

        spec = command("shell", "NAME [--] [COMMAND [ARG...]]", 1, -1);
        spec.summary = tr("Open an interactive shell in a running space");
        spec.details =
            tr("Like 'docker exec -it': a login shell on a terminal inside the space, with this "
               "terminal in raw mode (keys, colours, full-screen programs and window size all "
               "pass through) until the shell exits; its exit status is spacectl's. After '--', "
               "COMMAND runs instead of the shell (e.g. an editor). Needs a terminal on stdin; "
               "'spacectl run' is for scripts.");
        spec.options = {{QStringLiteral("shell"), QStringLiteral("SHELL"),
                         tr("bash, zsh, fish or sh (default: bash)")}};
        spec.examples = {QStringLiteral("spacectl shell my-dev-space"),
                         QStringLiteral("spacectl shell my-dev-space --shell zsh"),
                         QStringLiteral("spacectl shell my-dev-space -- vim notes.txt")};
        all.append(spec);

        spec = command("logs", "NAME", 1, 1);
        spec.summary = tr("Print the log of a space's services");
        spec.details = tr("Prints what the space's services wrote (the last 1,000 lines at most, "
                          "or the last N with --lines). With --follow it goes on printing lines "
                          "as they are written, like 'docker logs -f', until Ctrl+C. With "
                          "--timestamps each line starts with the time it was written (UTC).");
        spec.options = {{QStringLiteral("follow"), QString(),
                         tr("keep printing new lines until interrupted"), u'f'},
                        {QStringLiteral("lines"), QStringLiteral("N"),
                         tr("only the last N lines of what was written before (1-1000)")},
                        {QStringLiteral("timestamps"), QString(),
                         tr("show the time of each line, like 'docker logs -t'"), u't'}};
        spec.examples = {QStringLiteral("spacectl logs web-dev"),
                         QStringLiteral("spacectl logs web-dev -f --lines 20"),
                         QStringLiteral("spacectl logs web-dev -t")};
        all.append(spec);

        spec = command("mcp", "", 0, 0);
        spec.summary = tr("Serve MCP on stdin/stdout for an AI assistant");
        spec.details =
            tr("Bridges the Model Context Protocol's stdio transport to the server's /mcp: an "
               "assistant that starts its tools as processes (Claude Desktop, editors) runs "
               "'spacectl mcp' and gets the spaces tools (list_spaces, start_space, "
               "run_command, ...) with this connection's token. One JSON-RPC message per line; "
               "messages to stderr only; ends when stdin closes.");
        spec.examples = {
            QStringLiteral("spacectl mcp"),
            QStringLiteral("spacectl --server http://127.0.0.1:7070 --token TOKEN mcp")};
        all.append(spec);

        spec = command("forward", "NAME LOCAL:REMOTE", 2, 2);
        spec.summary = tr("Forward a port of a space to this computer");
        spec.details =
            tr("Like 'kubectl port-forward': listens on 127.0.0.1:LOCAL and carries "
               "each connection to port REMOTE inside the running space, until "
               "Ctrl+C. 'LOCAL:' may be left out (the same port here); ':REMOTE' picks a "
               "free local port.");
        spec.examples = {QStringLiteral("spacectl forward web-dev 8000"),
                         QStringLiteral("spacectl forward web-dev 9000:8000"),
                         QStringLiteral("spacectl forward web-dev :8000")};
        all.append(spec);

        spec = command("run", "SPACE COMMAND [ARG...]", 2, -1);
        spec.summary = tr("Run a command in a running space");
        spec.details = tr(
            "Runs COMMAND with its arguments in the space and prints its output (stdout and stderr "
            "merged). Like 'docker exec', every word after SPACE reaches the command unchanged, "
            "so options of spacectl go before SPACE. Output is printed as the command writes "
            "it, and spacectl exits with the command's own status: 124 when it timed out, 125 "
            "when it could not be run at all. With --json the result comes at the end.");
        spec.options = {{QStringLiteral("timeout"), QStringLiteral("SECONDS"),
                         tr("give up after this long (default: 30)")},
                        {QStringLiteral("workdir"), QStringLiteral("DIR"),
                         tr("working directory (default: the space's home)")}};
        spec.passThrough = true;
        spec.examples = {
            QStringLiteral("spacectl run my-dev-space ls -la /home"),
            QStringLiteral("spacectl run --timeout 120 --workdir /app my-dev-space npm install")};
        all.append(spec);

        spec = command("port-forward", "SOURCE LOCAL_PORT TARGET REMOTE_PORT", 4, 4);
        spec.summary = tr("Forward a port of one space to a port of another");
        spec.details = tr(
            "Listens on LOCAL_PORT for the SOURCE space and relays connections to REMOTE_PORT of "
            "the TARGET space. Both spaces must be running; ports are 1 to 65535. A persistent "
            "forward comes back whenever SOURCE starts again.");
        spec.options = {{QStringLiteral("persistent"), QString(),
                         tr("keep the forward across restarts of the source space")}};
        spec.examples = {QStringLiteral("spacectl port-forward web-dev 8080 api-dev 3000"),
                         QStringLiteral("spacectl port-forward --persistent web-dev 8080 api-dev "
                                        "3000")};
        all.append(spec);

        spec = command("port-list", "SPACE", 1, 1);
        spec.summary = tr("List a space's port forwards");
        spec.details = tr("Shows each active forward from the space: its local port, the target "
                          "space and the remote port.");
        spec.examples = {QStringLiteral("spacectl port-list web-dev")};
        all.append(spec);

        spec = command("port-stop", "SPACE LOCAL_PORT", 2, 2);
        spec.summary = tr("Stop a port forward");
        spec.details = tr("Stops the forward that listens on LOCAL_PORT for the space.");
        spec.examples = {QStringLiteral("spacectl port-stop web-dev 8080")};
        all.append(spec);

        spec = command("templates", "", 0, 0);
        spec.summary = tr("List the templates spaces can be created from");
        spec.details =
            tr("Shows each template's name, the custom fields it defines and its description.");
        spec.examples = {QStringLiteral("spacectl templates")};
        all.append(spec);

        spec = command("scripts", "", 0, 0);
        spec.summary = tr("List the scripts run-script can run");
        spec.details = tr("Shows your own scripts and the global ones.");
        spec.examples = {QStringLiteral("spacectl scripts --json")};
        all.append(spec);
        return all;
    }();
    return table;
}

const CliCommandSpec *CliCommandTable::find(const QString &name)
{
    for (const CliCommandSpec &spec : commands()) {
        if (spec.name == name)
            return &spec;
    }
    return nullptr;
}

const QList<CliOptionSpec> &CliCommandTable::globalOptions()
{
    static const QList<CliOptionSpec> options{
        {QStringLiteral("server"), QStringLiteral("URL"),
         tr("the spaces server to use (else $SPACES_URL, else the local spacesd)")},
        {QStringLiteral("token"), QStringLiteral("TOKEN"),
         tr("its API token (else $SPACES_TOKEN)")},
        {QStringLiteral("json"), QString(), tr("print machine-readable JSON")},
        {QStringLiteral("verbose"), QString(),
         tr("trace each request and its answer on stderr (the spaces.* logging categories)")},
        {QStringLiteral("help"), QString(),
         tr("show help; 'spacectl help COMMAND' for one command")},
        {QStringLiteral("version"), QString(), tr("show the version")},
    };
    return options;
}

bool CliCommandTable::isGlobalFlag(const QString &name)
{
    return name == QLatin1StringView("json") || name == QLatin1StringView("verbose") ||
           name == QLatin1StringView("help") || name == QLatin1StringView("version");
}

bool CliCommandTable::isGlobalValueOption(const QString &name)
{
    return name == QLatin1StringView("server") || name == QLatin1StringView("token");
}

} // namespace spaces
