"""spacesd's MCP server against clients no one here wrote: the official TypeScript SDK (over
Streamable HTTP, and over stdio through `spacectl mcp`) and the protocol's conformance suite.
Each test starts a real spacesd on a random loopback port (tests/python/support.py, which
also ends every space process it started) and runs a Node script against it. Skipped only
when node is not installed; the npm packages come from `npm ci` (scripts/test.sh)."""

import os
import shutil
import subprocess
import unittest

import support

HERE = os.path.dirname(os.path.abspath(__file__))
NODE = shutil.which("node")


def node_modules_problem():
    if not os.path.isdir(os.path.join(HERE, "node_modules", "@modelcontextprotocol", "sdk")):
        return "tests/mcp/node_modules is missing: run 'npm ci' in tests/mcp (scripts/test.sh does)"
    return None


@unittest.skipIf(NODE is None, "node is not installed")
class McpClientTest(unittest.TestCase):
    def setUp(self):
        problem = node_modules_problem()
        if problem:
            self.fail(problem)
        self.server = support.Spacesd(self).start()

    def node(self, script, extra_environment, timeout=240):
        environment = dict(os.environ)
        environment.update({"SPACES_URL": self.server.url, "SPACES_TOKEN": self.server.token})
        environment.update(extra_environment)
        done = subprocess.run([NODE, os.path.join(HERE, script)], cwd=HERE, env=environment,
                              capture_output=True, text=True, timeout=timeout)
        print(done.stdout)
        self.assertEqual(done.returncode, 0,
                         "%s failed:\n%s\n%s\nspacesd:\n%s"
                         % (script, done.stdout, done.stderr, self.server.output()[-4000:]))
        return done.stdout


class SdkHttp(McpClientTest):
    def test_sdk_over_streamable_http(self):
        no_access = self.server.admin("user", "add", "bystander", "--no-access")
        output = self.node("sdk_http_client.mjs", {"SPACES_NO_ACCESS_TOKEN": no_access})
        self.assertIn("all checks passed", output)


class SdkStdio(McpClientTest):
    def test_sdk_over_spacectl_mcp(self):
        spacectl = support.required_program("SPACES_SPACECTL")
        output = self.node("sdk_stdio_client.mjs", {"SPACES_SPACECTL": spacectl})
        self.assertIn("all checks passed", output)


class Conformance(McpClientTest):
    SCENARIOS = ("server-initialize", "ping", "tools-list")

    def test_conformance_scenarios(self):
        environment = dict(os.environ, SPACES_URL=self.server.url, SPACES_TOKEN=self.server.token)
        proxy = subprocess.Popen([NODE, os.path.join(HERE, "conformance_proxy.mjs")], cwd=HERE,
                                 env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 text=True)

        def stop_proxy():
            proxy.stdin.close()
            try:
                proxy.wait(10)
            except subprocess.TimeoutExpired:
                proxy.kill()
                proxy.wait()
            proxy.stdout.close()

        self.addCleanup(stop_proxy)
        url = proxy.stdout.readline().strip()
        self.assertTrue(url.startswith("http://127.0.0.1:"), url)
        conformance = os.path.join(HERE, "node_modules", ".bin", "conformance")
        for scenario in self.SCENARIOS:
            with self.subTest(scenario=scenario):
                done = subprocess.run([conformance, "server", "--url", url, "--scenario", scenario],
                                      cwd=HERE, capture_output=True, text=True, timeout=120)
                report = done.stdout + done.stderr
                print(report)
                self.assertEqual(done.returncode, 0, report)
                self.assertNotIn("FAILURE", report)


if __name__ == "__main__":
    unittest.main()
