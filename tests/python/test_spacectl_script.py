"""`spacectl script FILE.py [ARGS...]`: the script runs with python3 against the server
spacectl locates (flags, SPACES_URL/SPACES_TOKEN, or server.json), its output passed
through and its exit status spacectl's."""

import os
import subprocess
import unittest

import support

SCRIPT = """import os, sys
import spaces

print("args:", sys.argv[1:])
for space in spaces.list():
    print(space["name"], space["is_running"])
print("to stderr", file=sys.stderr)
line = sys.stdin.readline().strip()
print("read:", line)
sys.exit(int(os.environ.get("EXIT_WITH", "0")))
"""


class SpacectlScriptTest(unittest.TestCase):
    def setUp(self):
        self.spacectl = support.required_program("SPACES_SPACECTL")
        self.server = support.Spacesd(self).start()
        status, answer = self.server.call("GET", "/api/templates")
        blank = next(t["template_id"] for t in answer["templates"] if t["name"] == "blank")
        status, answer = self.server.call("POST", "/api/spaces", {
            "name": "scripted", "template_id": blank, "description": "", "shell": "bash"})
        self.assertEqual(status, 201, answer)
        self.script = os.path.join(self.server.root, "list-spaces.py")
        with open(self.script, "w") as file:
            file.write(SCRIPT)

    def spacectl_run(self, arguments, environment, stdin="hello\n"):
        environment = dict(environment)
        environment["PYTHONPATH"] = support.PYTHON_DIR
        return subprocess.run([self.spacectl, *arguments], input=stdin, capture_output=True,
                              text=True, env=environment, timeout=60)

    def clean_environment(self, **extra):
        environment = {k: v for k, v in os.environ.items()
                       if k not in ("SPACES_URL", "SPACES_TOKEN", "SPACES_DATA_DIR")}
        environment.update(extra)
        return environment

    def test_connection_from_the_environment(self):
        done = self.spacectl_run(
            ["script", self.script, "-v", "two words"],
            self.clean_environment(SPACES_URL=self.server.url, SPACES_TOKEN=self.server.token))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout, "args: ['-v', 'two words']\nscripted False\nread: hello\n")
        self.assertEqual(done.stderr, "to stderr\n")

    def test_connection_from_flags_and_exit_status(self):
        done = self.spacectl_run(
            ["--server", self.server.url, "--token", self.server.token, "script", self.script],
            self.clean_environment(EXIT_WITH="7"))
        self.assertEqual(done.returncode, 7, done.stderr)
        self.assertIn("scripted False\n", done.stdout)

    def test_connection_from_server_json(self):
        done = self.spacectl_run(["script", self.script],
                                 self.clean_environment(SPACES_DATA_DIR=self.server.data))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("scripted False\n", done.stdout)

    def test_missing_file(self):
        missing = os.path.join(self.server.root, "missing.py")
        done = self.spacectl_run(
            ["script", missing],
            self.clean_environment(SPACES_URL=self.server.url, SPACES_TOKEN=self.server.token))
        self.assertEqual(done.returncode, 1)
        self.assertEqual(done.stderr,
                         "spacectl: cannot read the script %s: no such file\n" % missing)

    def test_help_names_the_command(self):
        done = self.spacectl_run(["help", "script"], self.clean_environment())
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("spacectl script", done.stdout)
        self.assertIn("SPACES_URL", done.stdout)


if __name__ == "__main__":
    unittest.main()
