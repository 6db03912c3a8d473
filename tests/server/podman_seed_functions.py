"""What the seed's functions do, through the `spaces` module itself, against the podman
space "seedbox" of tst_podman_integration (argv: local port, remote port). Each either returns
what the seed documents or raises, and the traceback says which one failed."""

import sys
import time
import urllib.request

import spaces

space, local, remote = "seedbox", int(sys.argv[1]), int(sys.argv[2])


def until(check, what):
    deadline = time.monotonic() + 20
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out: " + what)
        time.sleep(0.05)


assert spaces.is_running(space) is True
assert spaces.run(space, "echo", ["hello", "world"]) == "hello world\n"
assert spaces.run(space, "cat /etc/os-release") == 'NAME="spaces-test-busybox"\n'
assert spaces.run(space, "pwd", workdir="/tmp") == "/tmp\n"
try:
    spaces.run(space, "echo failing; exit 4")
    raise AssertionError("a failing command raised nothing")
except spaces.SpacesError as error:
    assert error.exit_code == 4 and error.output == "failing\n", (error.exit_code, error.output)
assert spaces.run_script(space, "report", "one", "two") == "report one two in /home/seedbox\n"

spaces.set_field(space, "api_key", "k-123")
assert spaces.get_field(space, "api_key") == "k-123"
spaces.set_description(space, "a boxed space")
assert spaces.get_description(space) == "a boxed space"

# The service listens inside the container; the host network makes the forward a loopback one.
assert spaces.port_forward(space, local, space, remote) is True
listed = spaces.port_list(space)
assert [(f["local_port"], f["remote_port"]) for f in listed] == [(local, remote)], listed


def served():
    try:
        return urllib.request.urlopen("http://127.0.0.1:%d/" % local, timeout=2).read()
    except OSError:
        return b""


until(lambda: served() == b"served from the box\n", "the forward")
assert spaces.port_stop(space, local) is True
assert spaces.port_list(space) == []

spaces.stop(space)
until(lambda: not spaces.is_running(space), "stop")
spaces.start(space)
until(lambda: spaces.is_running(space), "start")
spaces.restart(space)
until(lambda: spaces.is_running(space), "restart")
assert spaces.run(space, "echo again") == "again\n"
print("seed functions passed")
