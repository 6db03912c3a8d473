"""Fixtures for the Python tests: a real spacesd on a random loopback port and the
knot-simulator program, each ended (with every space process it started) when the test
that started it ends, even on failure. Paths come from CTest's environment."""

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYTHON_DIR = os.path.join(PROJECT, "python")


def required_program(variable):
    """A program CTest names in ``variable``; the test fails (not skips) without it."""
    path = os.environ.get(variable, "")
    if not path or not os.access(path, os.X_OK):
        raise unittest.TestCase.failureException(
            "%s is not set to a program: run the tests through ctest" % variable
        )
    return path


def wait_for(condition, timeout=20.0, interval=0.05):
    """Waits until ``condition()`` is true; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def api(url, token, method, path, body=None):
    """A bare HTTP call, for preparing state without the module under test."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url.rstrip("/") + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=30) as response:
            text = response.read()
            return response.status, json.loads(text) if text.strip() else None
    except urllib.error.HTTPError as error:
        with error:
            text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text.decode()


class Spacesd:
    """spacesd with a temporary data directory; ``stop()`` ends it and its spaces."""

    def __init__(self, test):
        self.program = required_program("SPACES_SPACESD")
        self._temporary = tempfile.TemporaryDirectory(prefix="spaces-py-")
        self.root = self._temporary.name
        self.data = os.path.join(self.root, "data")
        self.process = None
        self.url = self.token = None
        test.addCleanup(self.stop)

    def admin(self, *arguments):
        """Runs ``spacesd ARGUMENTS --data-dir DATA``; returns its stdout."""
        done = subprocess.run(
            [self.program, *arguments, "--data-dir", self.data],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if done.returncode != 0:
            raise AssertionError("spacesd %s: %s" % (" ".join(arguments), done.stderr))
        return done.stdout.strip()

    def start(self):
        self.log = open(os.path.join(self.root, "spacesd.log"), "wb")
        self.process = subprocess.Popen(
            [self.program, "--data-dir", self.data, "--listen", "127.0.0.1:0",
             "--stop-grace-ms", "1000"],
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

        def answering():
            if self.process.poll() is not None:
                raise AssertionError("spacesd exited: " + self.output())
            try:
                with open(os.path.join(self.data, "server.json")) as file:
                    info = json.load(file)
            except (OSError, ValueError):
                return False
            if info.get("pid") != self.process.pid:
                return False
            self.url, self.token = info["url"], info["token"]
            try:
                return api(self.url, self.token, "GET", "/api/ping")[0] == 200
            except OSError:
                return False

        if not wait_for(answering, 15):
            raise AssertionError("spacesd did not answer in time: " + self.output())
        return self

    def output(self):
        try:
            with open(os.path.join(self.root, "spacesd.log"), errors="replace") as file:
                return file.read()
        except OSError:
            return ""

    def call(self, method, path, body=None):
        return api(self.url, self.token, method, path, body)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._kill_recorded_spaces()
        if self.process is not None:
            self.log.close()
            self.process = None
        self._temporary.cleanup()

    def _kill_recorded_spaces(self):
        database = os.path.join(self.data, "spaces.db")
        if not os.path.exists(database):
            return
        try:
            with sqlite3.connect(database) as connection:
                recorded = list(connection.execute(
                    "SELECT process_group, runtime_handle FROM spaces WHERE process_group > 0"))
        except sqlite3.Error:
            recorded = []
        for group, handle in recorded:
            if group > 1 and _is_still_the_group(group, handle or ""):
                try:
                    os.killpg(group, signal.SIGKILL)
                except OSError:
                    pass


def _start_time(pid):
    """Field 22 of /proc/<pid>/stat, or 0 when there is no such process."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            text = stat.read()
    except OSError:
        return 0
    fields = text[text.rindex(b")") + 2:].split()
    return int(fields[19]) if len(fields) > 19 else 0


def _is_still_the_group(group, handle):
    """Whether a recorded group number still names the space's group, not a newer one.

    The handle names the leader as "<pgid>:<start time>"; a number is reused only after the
    whole group has gone, when pid <pgid> is a different process."""
    current = _start_time(group)
    for pid, start in re.findall(r"(\d+):(\d+)", handle):
        if int(pid) == group:
            return current in (0, int(start))
    return True


class KnotSimulatorProcess:
    """The knot-simulator program; it ends when its standard input closes."""

    def __init__(self, test, *arguments):
        program = required_program("SPACES_KNOT_SIMULATOR")
        self.process = subprocess.Popen(
            [program, *arguments], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        test.addCleanup(self.stop)
        line = self.process.stdout.readline().decode().split()
        if len(line) != 2:
            raise AssertionError("knot-simulator printed no address")
        self.url, self.token = line

    def call(self, method, path, body=None):
        return api(self.url, self.token, method, path, body)

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process.stdout.close()


def python_environment(url, token, **extra):
    """An environment in which ``import spaces`` finds the module of this source tree and
    the given server."""
    environment = dict(os.environ)
    environment["PYTHONPATH"] = PYTHON_DIR
    environment["SPACES_URL"] = url
    environment["SPACES_TOKEN"] = token
    environment.update(extra)
    return environment


def run_python(code_or_file, environment, timeout=120, arguments=()):
    """Runs python3 on a file (or ``-c`` code); returns the CompletedProcess."""
    command = [sys.executable]
    command += [code_or_file] if os.path.isfile(code_or_file) else ["-c", code_or_file]
    return subprocess.run(
        command + list(arguments),
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
    )
