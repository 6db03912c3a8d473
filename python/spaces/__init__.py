"""The seed's ``spaces`` library for Python: manage development spaces from a script.

The sixteen functions of the seed (``start``, ``stop``, ``restart``, ``is_running``,
``list``, ``create``, ``delete``, ``get_field``, ``set_field``, ``get_description``,
``set_description``, ``run_script``, ``run``, ``port_forward``, ``port_list``,
``port_stop``) with its signatures, defaults and return values. They speak the HTTP API
that a local ``spacesd`` and a Knot server share (docs/API.md), so the same script runs
against either; where Knot behaves badly the module copes, as the desktop client does.

Connection, found once per process (the same search as ``spacectl``):

1. ``SPACES_URL`` and ``SPACES_TOKEN`` (set by ``spacectl script`` and inside spaces);
   inside a space of a local spacesd, the address in the file ``SPACES_URL_FILE`` names
   comes first: spacesd keeps it current, so a space follows a server that restarted on
   another port;
2. else the local spacesd's ``server.json`` in ``$SPACES_DATA_DIR``, or in
   ``$XDG_DATA_HOME/spaces-desktop`` (``~/.local/share/spaces-desktop``); when no server
   answers there, ``spacesd`` is started in the background for that directory, found as
   ``$SPACES_SPACESD``, beside ``spacectl`` on ``PATH``, or on ``PATH``.

An ``https`` server is checked against the system's certificates, or against the file
``SPACES_CA_FILE`` names (set inside the spaces of a spacesd serving TLS, which publishes
its certificate beside the address file as ``ca.pem``).

Every failure raises :class:`SpacesError`, whose message is the server's sentence.
``run``, ``run_script`` and the port functions wait up to ``$SPACES_READY_TIMEOUT`` seconds
(default 60) for a started space's agent, as Knot refuses them until it has connected.
Standard library only, Python 3.9 or later.
"""

import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request

__all__ = [
    "SpacesError",
    "start",
    "stop",
    "restart",
    "is_running",
    "list",
    "create",
    "delete",
    "get_field",
    "set_field",
    "get_description",
    "set_description",
    "run_script",
    "run",
    "port_forward",
    "port_list",
    "port_stop",
]

API_VERSION = "2025-03-10"
# Seconds an ordinary request may take; commands get their own timeout on top.
REQUEST_TIMEOUT = 60.0
# A command's answer may come this long after its own timeout (round trip, server work).
COMMAND_MARGIN = 15.0
# A script has no timeout in the request; spacesd allows it 300 s by default.
SCRIPT_ALLOWANCE = 300.0
# How long run, run_script and the port calls wait for a started space's agent (Knot
# answers 503 "Agent session not found for space" until it has connected).
READY_TIMEOUT = float(os.environ.get("SPACES_READY_TIMEOUT", "60"))
# Answers larger than this are refused rather than read into memory.
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
# How long a local spacesd started here may take to answer.
START_TIMEOUT = 10.0
PING_TIMEOUT = 3.0

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_builtin_list = list


class SpacesError(Exception):
    """A failed operation; ``str(e)`` is the server's sentence (or ours, when no server
    was reached).

    ``status`` is the HTTP status (0 when nothing was answered, 200 when the call went
    well but the command or script it ran failed). For ``run`` and ``run_script``,
    ``output`` holds what the command printed and ``exit_code`` its exit status (None
    when the server did not say).
    """

    def __init__(self, message, status=0, output="", exit_code=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.output = output
        self.exit_code = exit_code


# ---- sentences ------------------------------------------------------------------------


def _clean(text):
    """A sentence fit for a terminal: control characters (an escape sequence a server
    sent, say) become spaces, so an error can never rewrite what the user sees."""
    cleaned = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return re.sub(r" {2,}", " ", cleaned).strip()


def _sentence(status, body):
    """The error sentence of a failed answer: JSON ``{"error"}`` (or ``{"message"}``), or
    plain text as Knot's http.Error writes it; HTML pages and JSON without a sentence are
    never shown raw."""
    text = body.decode("utf-8", "replace").strip()
    try:
        document = json.loads(text) if text else None
    except ValueError:
        document = None
        if text and not text.startswith(("{", "<")):
            return _clean(text)
    if isinstance(document, dict):
        for key in ("error", "message"):
            value = document.get(key)
            if isinstance(value, str) and value.strip():
                return _clean(value)
    return "The server answered with status %d and no explanation" % status


# ---- connection -----------------------------------------------------------------------


class _Connection:
    """Where the server is and who we are there; ``me`` is fetched once. ``cafile``: the
    certificates an https server is checked against instead of the system's."""

    def __init__(self, url, token, cafile=None):
        self.url = url
        self.token = token
        self.me = None
        self.opener = _opener if not cafile else _tls_opener(cafile)


_connection = None
_connection_key = None
# The servers this process started: kept so that they are not reported as leaked while
# they serve (they are detached and outlive the script, as spacectl's do).
_started_servers = []


def _data_directory():
    """spacesd's data directory, as ServerInfo::defaultDataDirectory finds it."""
    configured = os.environ.get("SPACES_DATA_DIR", "")
    if configured:
        return configured
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base = xdg if os.path.isabs(xdg) else os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "spaces-desktop")


def _normalise_url(url, source):
    """The server's base address without a trailing ``/api`` (the paths add it)."""
    parsed = urllib.parse.urlsplit(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise SpacesError(
            "'%s' (from %s) is not a server address: give an http(s) URL such as "
            "http://127.0.0.1:8080" % (url, source)
        )
    path = parsed.path.rstrip("/")
    if path.endswith("/api"):
        path = path[:-4]
    return urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, path, "", ""))


def _process_alive(pid):
    """True when the process exists and is not a zombie (a dead server's pid may linger)."""
    if pid <= 0:
        return False
    try:
        with open("/proc/%d/stat" % pid, "rb") as stat:
            text = stat.read()
        close = text.rfind(b")")
        if close >= 0 and close + 2 < len(text):
            return text[close + 2 : close + 3] not in (b"Z", b"X")
        return True
    except OSError:
        pass
    try:
        os.kill(pid, 0)
        return True
    except PermissionError:
        return True
    except OSError:
        return False


def _answering_local_server(directory):
    """The connection named by ``server.json`` when its server is alive and answers."""
    try:
        with open(os.path.join(directory, "server.json"), "rb") as file:
            info = json.loads(file.read().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict):
        return None
    url, token, pid = info.get("url"), info.get("token"), info.get("pid", 0)
    if not isinstance(url, str) or not url or not isinstance(token, str) or not token:
        return None
    if isinstance(pid, int) and pid > 0 and not _process_alive(pid):
        return None
    try:
        connection = _Connection(_normalise_url(url, "server.json"), token)
        _request(connection, "GET", "/api/ping", timeout=PING_TIMEOUT)
    except SpacesError:
        return None
    return connection


def _find_spacesd():
    """spacesd's path: $SPACES_SPACESD, beside spacectl on PATH, or on PATH."""
    configured = os.environ.get("SPACES_SPACESD", "")
    if configured:
        return configured
    spacectl = shutil.which("spacectl")
    if spacectl:
        beside = os.path.join(os.path.dirname(os.path.realpath(spacectl)), "spacesd")
        if os.path.isfile(beside) and os.access(beside, os.X_OK):
            return beside
    return shutil.which("spacesd")


def _start_local_server(directory):
    """Starts spacesd detached for ``directory`` (as spacectl does) and waits until it
    answers, so that a script works on a fresh computer without any setup."""
    program = _find_spacesd()
    if not program:
        raise SpacesError(
            "no server to talk to: set SPACES_URL and SPACES_TOKEN, run the script with "
            "'spacectl script FILE.py', or install spacesd (or set SPACES_SPACESD)"
        )
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
    except OSError as error:
        raise SpacesError("cannot create the data directory %s: %s" % (directory, error.strerror))
    log_path = os.path.join(directory, "spacesd.log")
    try:
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [program, "--data-dir", directory],
                cwd=directory,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
    except OSError as error:
        raise SpacesError("could not start %s: %s" % (program, error.strerror))
    _started_servers.append(process)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        connection = _answering_local_server(directory)
        if connection:
            return connection
        if process.poll() is not None:
            # Another spacesd may have won a race for this directory: give it a moment.
            time.sleep(0.5)
            connection = _answering_local_server(directory)
            if connection:
                return connection
            raise SpacesError(
                "spacesd (%s) exited before it served %s; see %s" % (program, directory, log_path)
            )
        if time.monotonic() > deadline:
            raise SpacesError(
                "the spacesd started for %s did not answer within %d seconds; see %s"
                % (directory, START_TIMEOUT, log_path)
            )
        time.sleep(0.1)


def _published_url():
    """The address in ``SPACES_URL_FILE`` (spacesd keeps it current for its spaces), with
    where it came from; (None, None) when there is no such file or it is empty."""
    path = os.environ.get("SPACES_URL_FILE", "")
    if not path:
        return None, None
    try:
        with open(path, "rb") as file:
            text = file.read(4096).decode("utf-8", "replace").strip()
    except OSError:
        return None, None
    return (text, path) if text else (None, None)


def _ca_file():
    """``SPACES_CA_FILE``, else the ``ca.pem`` published beside the address file; None:
    the system's certificates."""
    configured = os.environ.get("SPACES_CA_FILE", "")
    if configured:
        return configured
    published = os.environ.get("SPACES_URL_FILE", "")
    if published:
        beside = os.path.join(os.path.dirname(published), "ca.pem")
        if os.path.isfile(beside):
            return beside
    return None


def _connect():
    """The connection for this process, found again when the environment (or the address
    spacesd published) changes."""
    global _connection, _connection_key
    url, source = _published_url()
    if not url:
        url, source = os.environ.get("SPACES_URL", ""), "SPACES_URL"
    token = os.environ.get("SPACES_TOKEN", "")
    cafile = _ca_file()
    key = (url, token, _data_directory(), cafile)
    if _connection is not None and _connection_key == key:
        return _connection
    if url:
        base = _normalise_url(url, source)
        if not token:
            raise SpacesError("no token for %s: set SPACES_TOKEN" % base)
        connection = _Connection(base, token, cafile if base.startswith("https:") else None)
    elif token:
        raise SpacesError(
            "SPACES_TOKEN is set but SPACES_URL is not: set both, or neither to use the "
            "local spacesd"
        )
    else:
        directory = key[2]
        connection = _answering_local_server(directory) or _start_local_server(directory)
    _connection, _connection_key = connection, key
    return connection


# ---- HTTP -----------------------------------------------------------------------------


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects within the server only: elsewhere the bearer token would go too."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        old = urllib.parse.urlsplit(req.full_url)
        new = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, newurl))
        if (old.scheme, old.netloc) != (new.scheme, new.netloc):
            raise SpacesError(
                "The server redirected the request to %s; not following it with the token"
                % urllib.parse.urlunsplit((new.scheme, new.netloc, new.path, "", "")),
                status=code,
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


# No proxies from the environment, as the desktop client: a local server is on loopback.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _SameOriginRedirects())


def _tls_opener(cafile):
    """An opener that checks https servers against ``cafile`` only (and the host name)."""
    try:
        context = ssl.create_default_context(cafile=cafile)
    except (OSError, ssl.SSLError) as error:
        reason = getattr(error, "strerror", None) or getattr(error, "reason", None) or error
        raise SpacesError("Cannot use the certificates in %s: %s" % (cafile, reason))
    # A server's own certificate is enough to trust it, as for a self-signed one.
    context.verify_flags |= getattr(ssl, "VERIFY_X509_PARTIAL_CHAIN", 0)
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        urllib.request.HTTPSHandler(context=context),
        _SameOriginRedirects(),
    )


def _read_capped(response):
    data = response.read(MAX_RESPONSE_BYTES + 1)
    if len(data) > MAX_RESPONSE_BYTES:
        raise SpacesError(
            "The server's answer is larger than the limit of %d bytes" % MAX_RESPONSE_BYTES
        )
    return data


def _request(connection, method, path, body=None, query=None, timeout=REQUEST_TIMEOUT):
    """One call; returns the decoded JSON answer (None for an empty one) or raises
    SpacesError with the server's sentence."""
    url = connection.url + path
    if query:
        url += "?" + urllib.parse.urlencode(query)
    headers = {
        "Authorization": "Bearer " + connection.token,
        "X-Knot-Api-Version": API_VERSION,
        "Accept": "application/json",
    }
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with connection.opener.open(request, timeout=timeout) as response:
            status = response.status
            payload = _read_capped(response)
    except urllib.error.HTTPError as error:
        with error:
            payload = _read_capped(error)
        raise SpacesError(_sentence(error.code, payload), status=error.code)
    except (socket.timeout, TimeoutError):
        raise SpacesError(
            "The server at %s did not answer within %g seconds" % (connection.url, timeout)
        )
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise SpacesError(
                "The server at %s did not answer within %g seconds" % (connection.url, timeout)
            )
        text = getattr(reason, "strerror", None) or str(reason)
        raise SpacesError("Cannot reach the server at %s: %s" % (connection.url, _clean(text)))
    except OSError as error:
        raise SpacesError(
            "Cannot reach the server at %s: %s" % (connection.url, error.strerror or error)
        )
    text = payload.strip()
    if not text:
        return None
    try:
        return json.loads(text.decode("utf-8"))
    except ValueError:
        raise SpacesError("The server's answer is not valid JSON", status=status)


def _request_when_ready(connection, method, path, body=None, timeout=REQUEST_TIMEOUT):
    """A call to a space's agent: while Knot says the agent has not connected yet (503
    "Agent session not found"), tries again, soon at first and then less often, for at
    most READY_TIMEOUT seconds."""
    deadline = time.monotonic() + READY_TIMEOUT
    wait = 0.25
    while True:
        try:
            return _request(connection, method, path, body, timeout=timeout)
        except SpacesError as error:
            not_ready = error.status == 503 and "agent session not found" in str(error).lower()
            if not not_ready or time.monotonic() + wait > deadline:
                raise
        time.sleep(wait)
        wait = min(wait * 2, 2.0)


def _object(answer):
    if not isinstance(answer, dict):
        raise SpacesError("The server's answer is not the JSON object expected", status=200)
    return answer


def _items(answer, key):
    """A list inside an answer; Go marshals an empty slice as null."""
    value = _object(answer).get(key)
    if value is None:
        return []
    if not isinstance(value, _builtin_list):
        raise SpacesError("The server's answer has a field '%s' of the wrong type" % key)
    return [item for item in value if isinstance(item, dict)]


def _segment(text):
    if not isinstance(text, str) or not text:
        raise SpacesError("No space given")
    return urllib.parse.quote(text, safe="")


def _space_path(name):
    return "/api/spaces/" + _segment(name)


def _space(connection, name):
    return _object(_request(connection, "GET", _space_path(name)))


def _space_id(connection, name):
    """The id of a space: Knot's /space-io routes take ids only."""
    if isinstance(name, str) and _UUID.match(name):
        return name
    definition = _space(connection, name)
    space_id = definition.get("space_id") or definition.get("id")
    if not isinstance(space_id, str) or not space_id:
        raise SpacesError("The server's answer lacks the space's id")
    return space_id


def _check_port(port, which):
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise SpacesError("Invalid %s port" % which, status=400)


def _with_output(what, output):
    trimmed = (output or "").rstrip("\n")
    return what if not trimmed.strip() else what + "; output:\n" + trimmed


def _exit_status(text):
    match = re.search(r"exit status (-?\d+)", text or "")
    return int(match.group(1)) if match else None


# ---- the seed's functions -------------------------------------------------------------


def _action(name, action):
    connection = _connect()
    _request(connection, "POST", _space_path(name) + "/" + action)
    return True


def start(name):
    """Start a space by name; True on success."""
    return _action(name, "start")


def stop(name):
    """Stop a running space by name; True on success."""
    return _action(name, "stop")


def restart(name):
    """Restart a running space by name; True on success."""
    return _action(name, "restart")


def is_running(name):
    """True when the space is deployed (running), False when it is stopped."""
    return bool(_space(_connect(), name).get("is_deployed", False))


def list():
    """The caller's spaces, each a dict with ``name``, ``id``, ``is_running`` and
    ``description``."""
    connection = _connect()
    if connection.me is None:
        me = _object(_request(connection, "GET", "/api/users/whoami")).get("user_id")
        if not isinstance(me, str) or not me:
            raise SpacesError("The server's answer lacks the field 'user_id'")
        connection.me = me
    answer = _request(connection, "GET", "/api/spaces", query={"user_id": connection.me})
    spaces = _items(answer, "spaces")
    return [
        {
            "name": space.get("name", ""),
            "id": space.get("space_id") or space.get("id", ""),
            "is_running": bool(space.get("is_deployed", False)),
            "description": space.get("description", "") or "",
        }
        for space in spaces
    ]


def create(name, template_name, description="", shell="bash"):
    """Create a space from the template named ``template_name`` (or with that id); returns
    the new space's id. Inactive templates are never used: Knot lists them but refuses
    them."""
    connection = _connect()
    templates = _items(_request(connection, "GET", "/api/templates"), "templates")
    active = [t for t in templates if t.get("active", True) is not False]
    template_id = lambda t: t.get("template_id") or t.get("id") or ""
    chosen = next((t for t in active if t.get("name") == template_name), None)
    if chosen is None:
        chosen = next((t for t in active if template_id(t) == template_name), None)
    if chosen is None:
        if any(template_name in (t.get("name"), template_id(t)) for t in templates):
            raise SpacesError("invalid template given for new space", status=400)
        names = ", ".join(str(t.get("name", "")) for t in active)
        if names:
            raise SpacesError(
                "template '%s' not found (available: %s)" % (template_name, names), status=404
            )
        raise SpacesError(
            "template '%s' not found: the server has no templates" % template_name, status=404
        )
    body = {
        "name": name,
        "description": description,
        "template_id": template_id(chosen),
        "shell": shell,
        "custom_fields": [],
    }
    space_id = _object(_request(connection, "POST", "/api/spaces", body)).get("space_id")
    if not isinstance(space_id, str) or not space_id:
        raise SpacesError("The server's answer lacks the field 'space_id'")
    return space_id


def delete(name):
    """Delete a stopped space by name; True on success."""
    _request(_connect(), "DELETE", _space_path(name))
    return True


def get_field(name, field):
    """A custom field's value ('' when unset)."""
    if not field:
        raise SpacesError("No custom field given")
    path = _space_path(name) + "/custom-field/" + urllib.parse.quote(field, safe="")
    value = _object(_request(_connect(), "GET", path)).get("value", "")
    return value if isinstance(value, str) else ""


def set_field(name, field, value):
    """Set a custom field defined by the space's template; True on success."""
    body = {"name": field, "value": value}
    _request(_connect(), "PUT", _space_path(name) + "/custom-field", body)
    return True


def get_description(name):
    """The space's description."""
    description = _space(_connect(), name).get("description", "")
    return description if isinstance(description, str) else ""


def set_description(name, description):
    """Set the space's description; True on success.

    Knot's PUT replaces the whole definition (a field left out is wiped), so the space
    is read and every field sent back, with the node as ``selected_node_id`` (without it
    a started Docker space answers 423)."""
    connection = _connect()
    body = dict(_space(connection, name))
    if "selected_node_id" not in body and "node_id" in body:
        body["selected_node_id"] = body["node_id"]
    body["description"] = description
    space_id = body.get("space_id") or body.get("id") or name
    _request(connection, "PUT", _space_path(space_id), body)
    return True


def _script_id(connection, script_name):
    """The id of the active script of that name: the caller's own wins over a global one
    (scripts are listed without user_id, which would leave the global ones out)."""
    scripts = _items(_request(connection, "GET", "/api/scripts"), "scripts")
    global_id = ""
    for script in scripts:
        if script.get("name") != script_name or script.get("active", True) is False:
            continue
        script_id = script.get("id") or script.get("script_id") or ""
        if not script_id:
            continue
        if script.get("user_id"):
            return script_id
        global_id = global_id or script_id
    return global_id


def run_script(space_name, script_name, *args):
    """Run a stored script in a space with ``args`` and return its output; raises
    SpacesError (with ``output`` and ``exit_code``) when the script fails."""
    connection = _connect()
    body = {"arguments": [str(arg) for arg in args]}
    script_id = _script_id(connection, script_name)
    if script_id:
        body["script_id"] = script_id
    else:
        body["script_name"] = script_name  # unknown here: the server has the last word
    path = _space_path(space_name) + "/execute-script"
    allowance = max(REQUEST_TIMEOUT, SCRIPT_ALLOWANCE + COMMAND_MARGIN)
    result = _object(_request_when_ready(connection, "POST", path, body, timeout=allowance))
    output = result.get("output", "") or ""
    error = result.get("error", "") or ""
    exit_code = result.get("exit_code", 0)
    if not isinstance(exit_code, int) or isinstance(exit_code, bool):
        exit_code = 0
    if not error and exit_code == 0:
        return output
    what = error
    if not what:
        what = "exit status %d" % exit_code
    elif exit_code != 0 and str(exit_code) not in what:
        what = "%s (exit status %d)" % (what, exit_code)
    raise SpacesError(
        _with_output("script '%s' failed: %s" % (script_name, _clean(what)), output),
        status=200,
        output=output,
        exit_code=exit_code if exit_code != 0 else _exit_status(error),
    )


def run(space_name, command, args=[], timeout=30, workdir=""):  # noqa: B006 (the seed's)
    """Run ``command`` with ``args`` in a space and return its output (stdout and stderr
    merged); raises SpacesError (with ``output`` and ``exit_code``) when it fails or
    times out. ``args`` is only read, never changed, so the shared default is safe."""
    connection = _connect()
    body = {
        "command": command,
        "args": [str(arg) for arg in args],
        "timeout": timeout,
        "workdir": workdir,
    }
    seconds = timeout if isinstance(timeout, (int, float)) and timeout > 0 else 30
    path = _space_path(space_name) + "/run-command"
    result = _object(
        _request_when_ready(
            connection, "POST", path, body, timeout=seconds + min(REQUEST_TIMEOUT, COMMAND_MARGIN)
        )
    )
    output = result.get("output", "") or ""
    if result.get("success", False) is True:
        return output
    exit_code = result.get("exit_code")
    if not isinstance(exit_code, int) or isinstance(exit_code, bool):
        exit_code = _exit_status(result.get("error", ""))
    what = result.get("error", "") or ""
    if not what:
        what = "exit status %d" % exit_code if exit_code is not None else "the command failed"
    raise SpacesError(
        _with_output(_clean(what), output), status=200, output=output, exit_code=exit_code
    )


def port_forward(source_space, local_port, remote_space, remote_port):
    """Forward ``local_port`` in ``source_space`` to ``remote_port`` of ``remote_space``;
    True on success."""
    _check_port(local_port, "local")
    _check_port(remote_port, "remote")
    connection = _connect()
    body = {
        "local_port": local_port,
        "space": remote_space,
        "remote_port": remote_port,
        "persistent": False,
        "force": False,
    }
    path = "/space-io/%s/port/forward" % _segment(_space_id(connection, source_space))
    _request_when_ready(connection, "POST", path, body)
    return True


def port_list(space):
    """The space's port forwards, each a dict with ``local_port``, ``space`` and
    ``remote_port``."""
    connection = _connect()
    path = "/space-io/%s/port/list" % _segment(_space_id(connection, space))
    forwards = _items(_request_when_ready(connection, "GET", path), "forwards")
    return [
        {
            "local_port": forward.get("local_port", 0),
            "space": forward.get("space", ""),
            "remote_port": forward.get("remote_port", 0),
        }
        for forward in forwards
    ]


def port_stop(space, local_port):
    """Stop the forward on ``local_port``; True on success.

    Knot answers 500 both for a port without a forward ("Port forward not found") and
    for an agent it could not reach: only the first counts as not found (status 404),
    and the server's sentence is kept either way."""
    _check_port(local_port, "local")
    connection = _connect()
    path = "/space-io/%s/port/stop" % _segment(_space_id(connection, space))
    try:
        _request_when_ready(connection, "POST", path, {"local_port": local_port})
    except SpacesError as error:
        if error.status == 500 and "not found" in str(error).lower():
            error.status = 404
        raise
    return True
