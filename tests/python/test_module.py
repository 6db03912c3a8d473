"""The module's contract: the seed's signatures and defaults, errors carrying the server's
sentence (JSON, plain text, control characters removed), failed commands with their output
and exit code, the connection found as spacectl finds it (SPACES_URL/SPACES_TOKEN, else
server.json, else a spacesd started in the background)."""

import http.server
import inspect
import json
import os
import signal
import tempfile
import threading
import unittest

import spaces
import support


class Environment(unittest.TestCase):
    """Runs each test with the connection variables it sets, restored afterwards."""

    def setUp(self):
        names = ("SPACES_URL", "SPACES_TOKEN", "SPACES_DATA_DIR", "SPACES_URL_FILE",
                 "SPACES_CA_FILE")
        saved = {k: os.environ.get(k) for k in names}

        def restore():
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

        self.addCleanup(restore)
        for key in saved:
            os.environ.pop(key, None)


class SignatureTest(unittest.TestCase):
    def test_the_seeds_signatures(self):
        expected = {
            "start": "(name)",
            "stop": "(name)",
            "restart": "(name)",
            "is_running": "(name)",
            "list": "()",
            "create": "(name, template_name, description='', shell='bash')",
            "delete": "(name)",
            "get_field": "(name, field)",
            "set_field": "(name, field, value)",
            "get_description": "(name)",
            "set_description": "(name, description)",
            "run_script": "(space_name, script_name, *args)",
            "run": "(space_name, command, args=[], timeout=30, workdir='')",
            "port_forward": "(source_space, local_port, remote_space, remote_port)",
            "port_list": "(space)",
            "port_stop": "(space, local_port)",
        }
        for name, signature in expected.items():
            self.assertEqual(str(inspect.signature(getattr(spaces, name))), signature, name)
        self.assertTrue(issubclass(spaces.SpacesError, Exception))


class SpacesdTest(Environment):
    def setUp(self):
        super().setUp()
        self.server = support.Spacesd(self)
        self.server.start()
        os.environ["SPACES_URL"] = self.server.url
        os.environ["SPACES_TOKEN"] = self.server.token

    def test_functions_against_spacesd(self):
        space_id = spaces.create("py-space", "blank", "made by Python")
        self.assertRegex(space_id, r"^[0-9a-f-]{36}$")
        self.assertEqual(spaces.list(), [
            {"name": "py-space", "id": space_id, "is_running": False,
             "description": "made by Python"}])
        self.assertIs(spaces.start("py-space"), True)
        self.assertTrue(support.wait_for(lambda: spaces.is_running("py-space")))
        self.assertEqual(spaces.run("py-space", "printf", ["%s|", "a b", "$HOME"]), "a b|$HOME|")
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.run("py-space", "sh", ["-c", "echo partial; exit 3"])
        self.assertEqual(raised.exception.exit_code, 3)
        self.assertEqual(raised.exception.output, "partial\n")
        self.assertEqual(raised.exception.status, 200)
        self.assertEqual(str(raised.exception), "exit status 3; output:\npartial")
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.run("py-space", "sleep", ["5"], timeout=1)
        self.assertIn("timed out", str(raised.exception))
        self.assertIs(spaces.stop("py-space"), True)
        self.assertTrue(support.wait_for(lambda: not spaces.is_running("py-space")))
        self.assertIs(spaces.delete("py-space"), True)

    def test_script_failure_carries_output_and_exit_code(self):
        status, answer = self.server.call("POST", "/api/scripts", {
            "name": "fails", "content": "#!/bin/sh\necho \"half of $1\"\nexit 4\n"})
        self.assertIn(status, (200, 201), answer)
        spaces.create("scripted", "blank")
        spaces.start("scripted")
        self.assertTrue(support.wait_for(lambda: spaces.is_running("scripted")))
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.run_script("scripted", "fails", "work")
        self.assertEqual(raised.exception.exit_code, 4)
        self.assertEqual(raised.exception.output, "half of work\n")
        self.assertTrue(str(raised.exception).startswith("script 'fails' failed: "),
                        str(raised.exception))

    def test_errors_are_the_servers_sentences(self):
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.start("nowhere")
        self.assertEqual(str(raised.exception), "space not found")
        self.assertEqual(raised.exception.status, 404)
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.create("bad--name", "blank")
        self.assertEqual(str(raised.exception), "invalid name given for space")
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.port_forward("a-space", 0, "b-space", 80)
        self.assertEqual(str(raised.exception), "Invalid local port")
        os.environ["SPACES_TOKEN"] = "wrong"
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.list()
        self.assertEqual(str(raised.exception), "Authentication token is not valid")

    def test_server_json_is_found_without_variables(self):
        del os.environ["SPACES_URL"], os.environ["SPACES_TOKEN"]
        os.environ["SPACES_DATA_DIR"] = self.server.data
        spaces.create("found", "blank")
        self.assertEqual([s["name"] for s in spaces.list()], ["found"])

    def test_published_address_comes_first(self):
        # Inside a space SPACES_URL is the address at its start; the file is kept current.
        url_file = os.path.join(self.server.root, "url")
        with open(url_file, "w") as file:
            file.write(self.server.url + "\n")
        os.environ["SPACES_URL"] = "http://127.0.0.1:9"
        os.environ["SPACES_URL_FILE"] = url_file
        self.assertEqual(spaces.list(), [])
        # Followed within the same process when it changes.
        with open(url_file, "w") as file:
            file.write("http://127.0.0.1:9\n")
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.list()
        self.assertIn("http://127.0.0.1:9", str(raised.exception))
        # Gone or empty: SPACES_URL again.
        os.environ["SPACES_URL"] = self.server.url
        with open(url_file, "w") as file:
            file.write("")
        self.assertEqual(spaces.list(), [])
        os.remove(url_file)
        self.assertEqual(spaces.list(), [])

    def test_spacesd_publishes_its_address(self):
        with open(os.path.join(self.server.data, "connection", "url")) as file:
            self.assertEqual(file.read().strip(), self.server.url)
        self.assertFalse(os.path.exists(os.path.join(self.server.data, "connection", "ca.pem")))

    def test_unusable_ca_file_is_said(self):
        os.environ["SPACES_URL"] = "https://127.0.0.1:9"
        os.environ["SPACES_CA_FILE"] = "/nonexistent/ca.pem"
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.list()
        self.assertIn("Cannot use the certificates in /nonexistent/ca.pem", str(raised.exception))

    def test_token_without_url_is_refused(self):
        del os.environ["SPACES_URL"]
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.list()
        self.assertIn("SPACES_TOKEN is set but SPACES_URL is not", str(raised.exception))


class LocalStartTest(Environment):
    def test_starts_spacesd_when_none_answers(self):
        directory = tempfile.TemporaryDirectory(prefix="spaces-py-start-")
        self.addCleanup(directory.cleanup)
        data = os.path.join(directory.name, "data")
        os.environ["SPACES_DATA_DIR"] = data
        saved = os.environ.get("SPACES_SPACESD")
        os.environ["SPACES_SPACESD"] = support.required_program("SPACES_SPACESD")

        def stop_started():
            try:
                with open(os.path.join(data, "server.json")) as file:
                    pid = json.load(file)["pid"]
                os.kill(pid, signal.SIGTERM)
                support.wait_for(lambda: not spaces._process_alive(pid), 15)
            except (OSError, ValueError, KeyError):
                pass

        self.addCleanup(stop_started)
        self.assertEqual(spaces.list(), [])
        self.assertTrue(os.path.isfile(os.path.join(data, "server.json")))

    def test_no_server_and_no_spacesd_is_a_clear_error(self):
        directory = tempfile.TemporaryDirectory(prefix="spaces-py-none-")
        self.addCleanup(directory.cleanup)
        os.environ["SPACES_DATA_DIR"] = directory.name
        saved_path = os.environ.get("PATH", "")
        saved_spacesd = os.environ.pop("SPACES_SPACESD", None)
        os.environ["PATH"] = directory.name
        self.addCleanup(os.environ.__setitem__, "PATH", saved_path)
        if saved_spacesd:
            self.addCleanup(os.environ.__setitem__, "SPACES_SPACESD", saved_spacesd)
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.list()
        self.assertIn("set SPACES_URL and SPACES_TOKEN", str(raised.exception))


class Canned(http.server.BaseHTTPRequestHandler):
    """Answers every request with the status, content type and body the test chose."""

    answer = (500, "text/plain", b"")
    seen = []

    def handle_one(self):
        Canned.seen.append((self.command, self.path, dict(self.headers)))
        status, kind, body = Canned.answer
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = handle_one

    def log_message(self, *args):
        pass


class FakeServerTest(Environment):
    def setUp(self):
        super().setUp()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Canned)
        thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(self.httpd.server_close)
        self.addCleanup(self.httpd.shutdown)
        os.environ["SPACES_URL"] = "http://127.0.0.1:%d/api/" % self.httpd.server_port
        os.environ["SPACES_TOKEN"] = "secret"
        Canned.seen.clear()

    def error_of(self, status, kind, body):
        Canned.answer = (status, kind, body)
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.start("s")
        return raised.exception

    def test_headers_and_path(self):
        Canned.answer = (200, "application/json", b"{}")
        self.assertIs(spaces.start("my space"), True)
        method, path, headers = Canned.seen[-1]
        self.assertEqual((method, path), ("POST", "/api/spaces/my%20space/start"))
        self.assertEqual(headers["Authorization"], "Bearer secret")
        self.assertEqual(headers["X-Knot-Api-Version"], "2025-03-10")

    def test_plain_text_and_control_characters(self):
        error = self.error_of(400, "text/plain", b"invalid JSON format\n")
        self.assertEqual(str(error), "invalid JSON format")
        error = self.error_of(
            423, "application/json", b'{"error":"\\u001b[31mno\\u0007 way\\u001b[0m"}')
        self.assertEqual(str(error), "[31mno way [0m")
        self.assertEqual(error.status, 423)
        self.assertEqual(str(self.error_of(502, "text/html", b"<html>bad gateway</html>")),
                         "The server answered with status 502 and no explanation")

    def test_port_stop_500_other_than_not_found_keeps_its_status(self):
        Canned.answer = (500, "text/plain", b"Failed to send command to agent")
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.port_stop("0b5e3d2c-1a2b-4c3d-8e9f-0a1b2c3d4e5f", 8080)
        self.assertEqual(str(raised.exception), "Failed to send command to agent")
        self.assertEqual(raised.exception.status, 500)

    def test_oversized_answer_is_refused(self):
        saved = spaces.MAX_RESPONSE_BYTES
        spaces.MAX_RESPONSE_BYTES = 1024
        self.addCleanup(setattr, spaces, "MAX_RESPONSE_BYTES", saved)
        Canned.answer = (200, "application/json", b'{"x":"' + b"a" * 4096 + b'"}')
        with self.assertRaises(spaces.SpacesError) as raised:
            spaces.is_running("s")
        self.assertIn("larger than", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
