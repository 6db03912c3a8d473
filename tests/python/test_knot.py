"""The module against the knot-simulator, which behaves as Knot's source does where
clients go wrong (docs/API.md, "Knot facts"): full-body PUT, agent readiness, global
scripts, inactive templates, port/stop's 500."""

import os
import time
import unittest

import spaces
import support


class KnotTest(unittest.TestCase):
    def setUp(self):
        self.knot = support.KnotSimulatorProcess(self, "--agent-delay", "1000")
        os.environ["SPACES_URL"] = self.knot.url
        os.environ["SPACES_TOKEN"] = self.knot.token
        self.addCleanup(os.environ.pop, "SPACES_URL", None)
        self.addCleanup(os.environ.pop, "SPACES_TOKEN", None)

    def started_space(self, name):
        space_id = spaces.create(name, "my-template", "A space", "bash")
        spaces.start(name)
        self.assertTrue(support.wait_for(lambda: spaces.is_running(name), 10))
        return space_id

    def test_complete_example_keeps_custom_fields_through_set_description(self):
        space_id = spaces.create(
            "test-space", "my-template", description="Test environment", shell="bash"
        )
        self.assertRegex(space_id, r"^[0-9a-f-]{36}$")
        self.assertIs(spaces.set_field("test-space", "environment", "testing"), True)
        self.assertIs(spaces.set_field("test-space", "api_key", "sk-test-key"), True)
        self.assertIs(spaces.start("test-space"), True)
        self.assertTrue(support.wait_for(lambda: spaces.is_running("test-space"), 10))
        # Knot replaces the definition with the PUT's body, and a started Docker space
        # without its node answers 423: the module sends everything back.
        self.assertIs(spaces.set_description("test-space", "Updated test environment"), True)
        self.assertEqual(spaces.get_description("test-space"), "Updated test environment")
        self.assertEqual(spaces.get_field("test-space", "environment"), "testing")
        self.assertEqual(spaces.get_field("test-space", "api_key"), "sk-test-key")
        status, space = self.knot.call("GET", "/api/spaces/" + space_id)
        self.assertEqual(space["shell"], "bash")
        self.assertEqual([s["name"] for s in spaces.list()], ["test-space"])
        self.assertIs(spaces.stop("test-space"), True)
        self.assertIs(spaces.is_running("test-space"), False)
        self.assertIs(spaces.delete("test-space"), True)
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.is_running("test-space")
        self.assertEqual(str(raised.exception), "space not found")

    def test_run_waits_for_the_agent(self):
        spaces.create("waiting", "my-template")
        spaces.start("waiting")
        self.assertTrue(support.wait_for(lambda: spaces.is_running("waiting"), 10))
        # Deployed, but the agent connects only later: Knot answers 503 until then.
        self.assertEqual(spaces.run("waiting", "echo", args=["up"]), "up\n")

    def test_readiness_wait_is_bounded(self):
        spaces.create("slow", "my-template")
        spaces.start("slow")
        self.assertTrue(support.wait_for(lambda: spaces.is_running("slow"), 10))
        saved = spaces.READY_TIMEOUT
        spaces.READY_TIMEOUT = 0.3
        self.addCleanup(setattr, spaces, "READY_TIMEOUT", saved)
        began = time.monotonic()
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.run("slow", "echo", ["x"])
        self.assertLess(time.monotonic() - began, 0.9)
        self.assertEqual(raised.exception.status, 503)
        self.assertIn("Agent session not found", str(raised.exception))

    def test_failed_command_raises_with_exit_code(self):
        self.started_space("failing")
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.run("failing", "false")
        self.assertEqual(raised.exception.exit_code, 1)
        self.assertEqual(str(raised.exception), "exit status 1")

    def test_global_and_own_scripts_run_by_name(self):
        self.started_space("runner")
        self.assertEqual(spaces.run_script("runner", "hello-global", "x"), "hello-global ran: x\n")
        self.assertEqual(spaces.run_script("runner", "hello-own"), "hello-own ran: \n")

    def test_inactive_templates_are_not_used(self):
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.create("old-one", "retired")
        self.assertEqual(str(raised.exception), "invalid template given for new space")
        self.assertEqual(raised.exception.status, 400)
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.create("other", "no-such-template")
        self.assertEqual(
            str(raised.exception),
            "template 'no-such-template' not found (available: my-template)",
        )
        self.assertEqual(spaces.list(), [])

    def test_port_stop_keeps_knots_sentence(self):
        self.started_space("fwd")
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.port_stop("fwd", 9999)
        self.assertEqual(str(raised.exception), "Port forward not found")
        self.assertEqual(raised.exception.status, 404)
        self.assertEqual(spaces.port_list("fwd"), [])


if __name__ == "__main__":
    unittest.main()
