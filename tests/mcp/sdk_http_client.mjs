// spacesd's /mcp driven by the official TypeScript SDK (Client + StreamableHTTPClientTransport),
// as an assistant would: initialize, tools/list, a space's whole life through tools/call, an
// error result, and a caller without permission. Exits non-zero on the first failed check.
//   node sdk_http_client.mjs   (SPACES_URL, SPACES_TOKEN, SPACES_NO_ACCESS_TOKEN set)
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const baseUrl = process.env.SPACES_URL;
const adminToken = process.env.SPACES_TOKEN;
const noAccessToken = process.env.SPACES_NO_ACCESS_TOKEN;
assert.ok(baseUrl && adminToken && noAccessToken, "SPACES_URL, SPACES_TOKEN and SPACES_NO_ACCESS_TOKEN must be set");

const expectedTools = [
    "list_spaces", "get_space", "create_space", "update_space", "start_space", "stop_space",
    "restart_space", "delete_space", "run_command", "run_script", "list_templates",
    "list_scripts", "get_field", "set_field", "port_forward", "port_list", "port_stop",
];

async function connect(token) {
    const transport = new StreamableHTTPClientTransport(new URL("/mcp", baseUrl), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
    });
    const client = new Client({ name: "spaces-sdk-test", version: "1.0.0" });
    await client.connect(transport);
    return { client, transport };
}

function textOf(result) {
    assert.ok(Array.isArray(result.content) && result.content.length > 0, "a tool result has content");
    assert.equal(result.content[0].type, "text");
    return result.content[0].text;
}

async function call(client, name, args) {
    const result = await client.callTool({ name, arguments: args });
    console.log(`${name} ${JSON.stringify(args)} -> ${result.isError ? "error: " : ""}${textOf(result).slice(0, 200)}`);
    return result;
}

async function succeeds(client, name, args) {
    const result = await call(client, name, args);
    assert.notEqual(result.isError, true, `${name} failed: ${textOf(result)}`);
    return result;
}

const { client, transport } = await connect(adminToken);
try {
    // initialize: the server and the version it negotiated (the SDK asks for its newest).
    assert.equal(client.getServerVersion()?.name, "spacesd");
    assert.ok(client.getServerCapabilities()?.tools, "the server offers tools");
    assert.ok(transport.sessionId && /^[\x21-\x7e]+$/.test(transport.sessionId), "a visible-ASCII session id");
    assert.ok(["2025-06-18", "2025-03-26", "2024-11-05"].includes(transport.protocolVersion),
              `negotiated ${transport.protocolVersion}`);
    console.log(`initialized: session ${transport.sessionId}, protocol ${transport.protocolVersion}`);

    await client.ping();

    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [...expectedTools].sort());
    for (const tool of tools) {
        assert.equal(tool.inputSchema?.type, "object", `${tool.name} has an object inputSchema`);
        assert.ok(tool.description && tool.description.length > 20, `${tool.name} is described`);
        for (const required of tool.inputSchema.required ?? [])
            assert.ok(tool.inputSchema.properties?.[required]?.description, `${tool.name}.${required} is described`);
    }
    const runCommand = tools.find((t) => t.name === "run_command");
    assert.deepEqual(runCommand.inputSchema.required, ["name", "command"]);
    assert.equal(runCommand.inputSchema.properties.arguments.type, "array");

    // A space's life: create -> start -> run_command -> stop -> delete.
    const name = "mcp-sdk-space";
    const created = await succeeds(client, "create_space", { name, template_name: "blank", description: "made over MCP" });
    const spaceId = created.structuredContent?.space_id;
    assert.match(spaceId, /^[0-9a-f-]{36}$/);

    const listed = await succeeds(client, "list_spaces", {});
    const entry = listed.structuredContent.spaces.find((s) => s.name === name);
    assert.deepEqual(entry, { name, id: spaceId, is_running: false, description: "made over MCP" });
    assert.ok(textOf(listed).includes(spaceId), "the text carries the list too");

    await succeeds(client, "start_space", { name });
    const running = await succeeds(client, "get_space", { name });
    assert.equal(running.structuredContent.is_deployed, true);

    const ran = await succeeds(client, "run_command", { name, command: "echo", arguments: ["hello", "from  mcp"] });
    assert.equal(textOf(ran), "hello from  mcp\n");
    assert.equal(ran.structuredContent.exit_code, 0);

    const failed = await call(client, "run_command", { name, command: "sh", arguments: ["-c", "echo partial; exit 3"] });
    assert.equal(failed.isError, true);
    assert.match(textOf(failed), /partial\n.*exit status 3/s);

    const stillRunning = await call(client, "delete_space", { name });
    assert.equal(stillRunning.isError, true);
    assert.equal(textOf(stillRunning), "space cannot be deleted");

    await succeeds(client, "stop_space", { name });
    await succeeds(client, "delete_space", { name });
    const afterDelete = await succeeds(client, "list_spaces", {});
    assert.equal(afterDelete.structuredContent.spaces.find((s) => s.name === name), undefined);

    // A missing space: an error result with the server's sentence, not a protocol error.
    const missing = await call(client, "start_space", { name: "no-such-space" });
    assert.equal(missing.isError, true);
    assert.equal(textOf(missing), "space not found");

    // Bad arguments are an error result too, so a model can correct itself.
    const incomplete = await call(client, "create_space", { name: "x-space" });
    assert.equal(incomplete.isError, true);
    assert.equal(textOf(incomplete), "field 'template_name' is required");

    // An unknown tool is a protocol error.
    await assert.rejects(client.callTool({ name: "no_such_tool", arguments: {} }), /Unknown tool: no_such_tool/);

    await transport.terminateSession();
    assert.equal(transport.sessionId, undefined);
} finally {
    await client.close();
}

// A user without UseSpaces: connects, but every space tool is refused with the sentence.
{
    const { client: refused } = await connect(noAccessToken);
    try {
        for (const [name, args] of [["list_spaces", {}], ["create_space", { name: "nope-space", template_name: "blank" }]]) {
            const result = await call(refused, name, args);
            assert.equal(result.isError, true);
            assert.equal(textOf(result), "No permission to manage or use spaces");
        }
    } finally {
        await refused.close();
    }
}

// No token at all: the transport reports the 401.
{
    const transport = new StreamableHTTPClientTransport(new URL("/mcp", baseUrl));
    const client = new Client({ name: "spaces-sdk-test", version: "1.0.0" });
    await assert.rejects(client.connect(transport), /401|Unauthorized|not valid/);
}
console.log("sdk_http_client: all checks passed");
