"""Every Python example of the seed (docs/seed/spaces-library.md), extracted from its code
blocks, run unchanged with python3 against a real spacesd prepared with the spaces,
template and scripts the example names.

Two examples cannot succeed as written on any server, and their expected failure is
checked to the sentence instead: the create example creates "new-space" twice (space
names are unique per user), and the run example's second command runs in /app, which
the server refuses when that directory does not exist on this computer."""

import os
import re
import tempfile
import unittest

import support

SEED = os.path.join(support.PROJECT, "docs", "seed", "spaces-library.md")
SHARED_SEED = os.path.join(os.path.dirname(support.PROJECT), "shared", "seed", "spaces-library.md")


def seed_text():
    if not os.path.isfile(SEED):
        raise AssertionError("the seed is missing: expected it at %s" % SEED)
    with open(SEED, encoding="utf-8") as file:
        return file.read()


def extract_examples(text):
    """(section, code) for each ```python block, named by the heading above it: the
    function's name for '### name(...)', else the '## Title' in lower case."""
    examples = []
    section = ""
    in_block = False
    lines = []
    for line in text.splitlines():
        if in_block:
            if line.strip() == "```":
                examples.append((section, "\n".join(lines) + "\n"))
                in_block = False
            else:
                lines.append(line)
            continue
        heading = re.match(r"^(#{2,3})\s+(.*)$", line)
        if heading:
            title = heading.group(2).strip()
            name = re.match(r"^([a-z_]+)\(", title)
            section = name.group(1) if name else title.lower()
        elif line.strip() == "```python":
            in_block, lines = True, []
    return examples


# A template with the custom fields the examples use, and an npm of its own on PATH (the run
# example calls npm install; a real one would go to the network).
TEMPLATE = """{
    "name": "my-template",
    "description": "The seed's examples' template",
    "custom_fields": [
        {"name": "api_key", "description": "API key"},
        {"name": "environment", "description": "Deployment environment"}
    ],
    "environment": {"PATH": "%s:/usr/local/bin:/usr/bin:/bin"}
}
"""
DEPLOY_SCRIPT = "#!/bin/sh\necho \"deployed $SPACE_NAME\"\n"
BUILD_SCRIPT = "#!/bin/sh\necho \"built $1 $2\"\n"
FAKE_NPM = "#!/bin/sh\necho \"npm $* in $(pwd)\"\n"

# What each section needs: spaces (name -> running?), a forward, the scripts.
PREPARATION = {
    "usage": {"spaces": {"my-dev-space": False}},
    "start": {"spaces": {"my-dev-space": False}},
    "stop": {"spaces": {"my-dev-space": True}},
    "restart": {"spaces": {"my-dev-space": True}},
    "is_running": {"spaces": {"my-dev-space": False}},
    "list": {"spaces": {"my-dev-space": True, "other-space": False}},
    "get_field": {"spaces": {"my-dev-space": False}},
    "set_field": {"spaces": {"my-dev-space": False}},
    "create": {"spaces": {}},
    "delete": {"spaces": {"old-space": True}},
    "set_description": {"spaces": {"my-dev-space": False}},
    "get_description": {"spaces": {"my-dev-space": False}},
    "port_forward": {"spaces": {"web-dev": True, "api-dev": True}},
    "port_list": {"spaces": {"web-dev": True, "api-dev": True}, "forward": True},
    "port_stop": {"spaces": {"web-dev": True, "api-dev": True}, "forward": True},
    "complete example": {"spaces": {}},
    "error handling": {"spaces": {}},
    "run_script": {"spaces": {"my-dev-space": True}},
    "run": {"spaces": {"my-dev-space": True}},
}


class SeedExamplesTest(unittest.TestCase):
    maxDiff = None

    def test_examples_are_found(self):
        sections = [section for section, _ in extract_examples(seed_text())]
        self.assertEqual(len(sections), 19, sections)
        self.assertEqual(sorted(set(sections)), sorted(PREPARATION),
                         "a section without preparation")

    def test_committed_seed_matches_shared_one(self):
        if not os.path.isfile(SHARED_SEED):
            self.skipTest("no shared seed beside this checkout (%s): a clean clone" % SHARED_SEED)
        with open(SHARED_SEED, encoding="utf-8") as file:
            self.assertEqual(seed_text(), file.read(), "docs/seed differs from %s" % SHARED_SEED)

    def prepare(self, section):
        server = support.Spacesd(self)
        tools = os.path.join(server.root, "bin")
        os.makedirs(tools)
        files = {
            "template.json": TEMPLATE % tools,
            "deploy.sh": DEPLOY_SCRIPT,
            "build.sh": BUILD_SCRIPT,
            os.path.join("bin", "npm"): FAKE_NPM,
        }
        for name, text in files.items():
            path = os.path.join(server.root, name)
            with open(path, "w") as file:
                file.write(text)
            os.chmod(path, 0o755)
        server.admin("template", "add", os.path.join(server.root, "template.json"))
        server.admin("script", "add", "deploy-script", os.path.join(server.root, "deploy.sh"))
        server.admin("script", "add", "build-script", os.path.join(server.root, "build.sh"))
        server.start()
        needs = PREPARATION[section]
        for name, running in needs["spaces"].items():
            status, answer = server.call("GET", "/api/templates")
            template_id = next(t["template_id"] for t in answer["templates"]
                               if t["name"] == "my-template")
            status, answer = server.call("POST", "/api/spaces", {
                "name": name, "description": "The %s space" % name,
                "template_id": template_id, "shell": "bash", "custom_fields": []})
            self.assertEqual(status, 201, answer)
            status, answer = server.call("PUT", "/api/spaces/%s/custom-field" % name,
                                         {"name": "api_key", "value": "sk-1234567890"})
            self.assertEqual(status, 200, answer)
            if running:
                status, answer = server.call("POST", "/api/spaces/%s/start" % name)
                self.assertEqual(status, 200, answer)
                self.assertTrue(support.wait_for(
                    lambda: server.call("GET", "/api/spaces/" + name)[1].get("is_deployed")))
        if needs.get("forward"):
            status, answer = server.call("POST", "/space-io/web-dev/port/forward", {
                "local_port": 8080, "space": "api-dev", "remote_port": 3000,
                "persistent": False, "force": False})
            self.assertEqual(status, 200,
                             "cannot prepare the forward on port 8080: %s" % (answer,))
        return server

    def run_example(self, section, code):
        server = self.prepare(section)
        path = os.path.join(server.root, "example.py")
        with open(path, "w") as file:
            file.write(code)
        done = support.run_python(path, support.python_environment(server.url, server.token))
        return server, done

    def check(self, done, expected_output):
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertEqual(done.stderr, "")
        self.assertRegex(done.stdout, expected_output)

    def test_every_example(self):
        examples = extract_examples(seed_text())
        for index, (section, code) in enumerate(examples):
            with self.subTest(example=index, section=section):
                server, done = self.run_example(section, code)
                try:
                    self.expect(section, server, done)
                finally:
                    server.stop()

    def expect(self, section, server, done):
        """What each example must print (and, where the server can tell, have done)."""
        status = lambda name: server.call("GET", "/api/spaces/" + name)
        if section == "usage":
            self.check(done, r"^my-dev-space: stopped\nSpace is running\n$")
            self.assertTrue(support.wait_for(lambda: not status("my-dev-space")[1]["is_deployed"]))
        elif section == "start":
            self.check(done, r"^Space started successfully\n$")
            self.assertTrue(status("my-dev-space")[1]["is_deployed"])
        elif section == "stop":
            self.check(done, r"^Space stopped successfully\n$")
        elif section == "restart":
            self.check(done, r"^Space restarted successfully\n$")
        elif section == "is_running":
            self.check(done, r"^Space is stopped\n$")
        elif section == "list":
            self.check(done, r"^(my-dev-space: running - The my-dev-space space\n"
                             r"other-space: stopped - The other-space space\n|"
                             r"other-space: stopped - The other-space space\n"
                             r"my-dev-space: running - The my-dev-space space\n)$")
        elif section == "get_field":
            self.check(done, r"^API Key: sk-1234567890\n$")
        elif section == "set_field":
            self.check(done, r"^Field updated successfully\n$")
        elif section == "create":
            # The seed creates "new-space" twice: the second must fail with the sentence.
            self.assertEqual(done.returncode, 1, done.stdout + done.stderr)
            self.assertEqual(done.stdout, "")
            self.assertTrue(done.stderr.rstrip().endswith(
                "spaces.SpacesError: failed to save space: space name already used"), done.stderr)
            code, space = status("new-space")
            self.assertEqual(code, 200)
            self.assertEqual((space["description"], space["shell"]),
                             ("My development space", "zsh"))
        elif section == "delete":
            self.check(done, r"^Space deleted successfully\n$")
            self.assertEqual(status("old-space")[0], 404)
        elif section == "set_description":
            self.check(done, r"^Description updated successfully\n$")
            self.assertEqual(status("my-dev-space")[1]["description"],
                             "Updated description for my space")
        elif section == "get_description":
            self.check(done, r"^Description: The my-dev-space space\n$")
        elif section == "port_forward":
            self.check(done, r"^Port forward established: web-dev:8080 -> api-dev:3000\n$")
        elif section == "port_list":
            self.check(done, r"^Port 8080 -> api-dev:3000\n$")
        elif section == "port_stop":
            self.check(done, r"^Port forward stopped\n$")
            forwards = server.call("GET", "/space-io/web-dev/port/list")[1]["forwards"]
            self.assertEqual(forwards or [], [])
        elif section == "complete example":
            self.check(done, r"^Created space: [0-9a-f-]{36}\nSpace started\n"
                             r"(Waiting for space to start...\n)*Space is now running\n"
                             r"Environment: testing\nAPI Key: sk-test-key\n"
                             r"Space stopped\nSpace deleted\n$")
        elif section == "error handling":
            self.check(done, r"^Failed to start space: space not found\n$")
        elif section == "run_script":
            self.check(done, r"^deployed my-dev-space\n\nbuilt production v1.2.3\n\n$")
        elif section == "run":
            listing = r"^total \d+\n(.*\n)+"
            if os.path.isdir("/app"):
                self.check(done, listing + r"npm install in /app\n\n$")
            else:
                # The second command runs in /app, which this computer lacks.
                self.assertEqual(done.returncode, 1, done.stdout + done.stderr)
                self.assertRegex(done.stdout, listing)
                self.assertTrue(done.stderr.rstrip().endswith(
                    "spaces.SpacesError: working directory '/app' does not exist in the space"),
                    done.stderr)
        else:
            self.fail("no expectation for the section " + section)


if __name__ == "__main__":
    unittest.main()
