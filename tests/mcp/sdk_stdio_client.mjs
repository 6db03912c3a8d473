// `spacectl mcp` driven by the official TypeScript SDK's StdioClientTransport, as a desktop
// assistant starts it: initialize, tools/list and tools/call over stdin/stdout, and the
// bridge exiting when its stdin closes.
//   node sdk_stdio_client.mjs   (SPACES_SPACECTL, SPACES_URL, SPACES_TOKEN set)
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const spacectl = process.env.SPACES_SPACECTL;
assert.ok(spacectl && process.env.SPACES_URL && process.env.SPACES_TOKEN,
          "SPACES_SPACECTL, SPACES_URL and SPACES_TOKEN must be set");

const transport = new StdioClientTransport({
    command: spacectl,
    args: ["mcp"],
    env: { SPACES_URL: process.env.SPACES_URL, SPACES_TOKEN: process.env.SPACES_TOKEN, PATH: process.env.PATH },
    stderr: "pipe",
});
let bridgeLog = "";
transport.stderr?.on("data", (chunk) => { bridgeLog += chunk; });
const client = new Client({ name: "spaces-stdio-test", version: "1.0.0" });
try {
    await client.connect(transport);
    assert.equal(client.getServerVersion()?.name, "spacesd");
    await client.ping();

    const { tools } = await client.listTools();
    assert.equal(tools.length, 17);
    assert.ok(tools.every((t) => t.inputSchema?.type === "object"));

    const name = "mcp-stdio-space";
    let result = await client.callTool({ name: "create_space", arguments: { name, template_name: "blank" } });
    assert.notEqual(result.isError, true, result.content?.[0]?.text);
    result = await client.callTool({ name: "start_space", arguments: { name } });
    assert.notEqual(result.isError, true, result.content?.[0]?.text);

    // Several calls at once: the bridge forwards each line as it comes and matches each answer.
    const outputs = await Promise.all([1, 2, 3].map((n) =>
        client.callTool({ name: "run_command", arguments: { name, command: "echo", arguments: [`call ${n}`] } })));
    assert.deepEqual(outputs.map((r) => r.content[0].text), ["call 1\n", "call 2\n", "call 3\n"]);

    result = await client.callTool({ name: "get_field", arguments: { name: "no-such-space", field: "x" } });
    assert.equal(result.isError, true);
    assert.equal(result.content[0].text, "space not found");

    result = await client.callTool({ name: "stop_space", arguments: { name } });
    assert.notEqual(result.isError, true, result.content?.[0]?.text);
    result = await client.callTool({ name: "delete_space", arguments: { name } });
    assert.notEqual(result.isError, true, result.content?.[0]?.text);
} finally {
    await client.close();
}
// close() ends stdin; the bridge exits on its own (the SDK would otherwise kill it).
assert.ok(bridgeLog.includes("spacectl mcp"), `the bridge logs to stderr: ${bridgeLog}`);
console.log("sdk_stdio_client: all checks passed");
