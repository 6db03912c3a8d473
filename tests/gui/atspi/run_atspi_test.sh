#!/usr/bin/env bash
# End-to-end through AT-SPI, the way a screen reader sees the app: a private spacesd, the real
# spaces-desktop on Xvfb with a session D-Bus and the accessibility bus, and drive_app.py finding
# controls by role and accessible name. Exit 77 (skipped) when the tools are not installed.
#   SPACES_SPACESD, SPACES_DESKTOP, SPACES_SPACECTL  the binaries (default: build/bin)
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin_dir="$here/../../../build/bin"
spacesd=${SPACES_SPACESD:-$bin_dir/spacesd}
desktop=${SPACES_DESKTOP:-$bin_dir/spaces-desktop}
spacectl=${SPACES_SPACECTL:-$bin_dir/spacectl}
python=/usr/bin/python3

skip() {
    echo "SKIP: $*" >&2
    exit 77
}
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

command -v xvfb-run >/dev/null || skip "xvfb-run is not installed (apt-get install xvfb xauth)"
command -v dbus-run-session >/dev/null || skip "dbus-run-session is not installed (apt-get install dbus-x11)"
launcher=""
for candidate in /usr/libexec/at-spi-bus-launcher /usr/lib/at-spi2-core/at-spi-bus-launcher \
    /usr/lib/*/at-spi2-core/at-spi-bus-launcher; do
    if [[ -x $candidate ]]; then
        launcher=$candidate
        break
    fi
done
[[ -n $launcher ]] || skip "at-spi-bus-launcher is not installed (apt-get install at-spi2-core)"
[[ -x $python ]] && "$python" -c 'import pyatspi' 2>/dev/null ||
    skip "pyatspi is not importable by $python (apt-get install python3-pyatspi)"
for binary in "$spacesd" "$desktop" "$spacectl"; do
    [[ -x $binary ]] || fail "$binary is not built"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/spaces-atspi.XXXXXX")
spacesd_pid=""

# Whatever happens: the app, every space the test started, the server, the files.
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -s $work/app.pid ]]; then
        kill "$(cat "$work/app.pid")" 2>/dev/null
    fi
    if [[ -n $spacesd_pid ]] && kill -0 "$spacesd_pid" 2>/dev/null; then
        # Stopped through the server, then any process group it still records, killed.
        SPACES_DATA_DIR=$work "$spacectl" --json list 2>/dev/null |
            "$python" -c '
import json, sys
try:
    data = json.load(sys.stdin)
except ValueError:
    sys.exit(0)
for space in data if isinstance(data, list) else []:
    if isinstance(space, dict) and space.get("is_running") and space.get("name"):
        print(space["name"])' |
            while read -r space; do
                SPACES_DATA_DIR=$work timeout 20 "$spacectl" stop "$space" >/dev/null 2>&1
            done
        kill "$spacesd_pid" 2>/dev/null
        for _ in $(seq 50); do
            kill -0 "$spacesd_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$spacesd_pid" 2>/dev/null && kill -9 "$spacesd_pid" 2>/dev/null
    fi
    if [[ -f $work/spaces.db ]]; then
        "$python" - "$work/spaces.db" <<'PY' | while read -r pgid; do kill -9 -- "-$pgid" 2>/dev/null; done
import re, sqlite3, sys
# Only groups whose number still names them: the handle gives the leader's start time, and
# a number is reused only once the whole group has gone.
def start_time(pid):
    try:
        text = open(f"/proc/{pid}/stat", "rb").read()
    except OSError:
        return 0
    fields = text[text.rindex(b")") + 2:].split()
    return int(fields[19]) if len(fields) > 19 else 0
try:
    db = sqlite3.connect(sys.argv[1])
    for pgid, handle in db.execute(
            "SELECT process_group, runtime_handle FROM spaces WHERE process_group > 1"):
        starts = [int(s) for p, s in re.findall(r"(\d+):(\d+)", handle or "") if int(p) == pgid]
        if not starts or start_time(pgid) in (0, starts[0]):
            print(pgid)
except sqlite3.Error:
    pass
PY
    fi
    if [[ $status -ne 0 && $status -ne 77 ]]; then
        for log in spacesd.log app.log; do
            [[ -s $work/$log ]] && { echo "--- $log (last 40 lines)" >&2; tail -n 40 "$work/$log" >&2; }
        done
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$spacesd" --data-dir "$work" --listen 127.0.0.1:0 >"$work/spacesd.log" 2>&1 &
spacesd_pid=$!
for _ in $(seq 150); do
    [[ -s $work/server.json ]] && break
    kill -0 "$spacesd_pid" 2>/dev/null || fail "spacesd exited at start"
    sleep 0.1
done
[[ -s $work/server.json ]] || fail "spacesd wrote no $work/server.json within 15 s"

mkdir -p "$work/config" "$work/runtime"
chmod 700 "$work/runtime"

# Inside the X server and the session bus: the accessibility bus, the app, then the driver.
unset QT_QPA_PLATFORM # offscreen has no AT-SPI: xcb on Xvfb
export SPACES_DATA_DIR=$work XDG_CONFIG_HOME=$work/config XDG_RUNTIME_DIR=$work/runtime
export QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 NO_AT_BRIDGE=0
export ATSPI_LAUNCHER=$launcher ATSPI_APP=$desktop ATSPI_DRIVER=$here/drive_app.py ATSPI_WORK=$work
xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- bash -c '
    "$ATSPI_LAUNCHER" --launch-immediately >"$ATSPI_WORK/launcher.log" 2>&1 &
    launcher_pid=$!
    trap "kill \$(cat \"\$ATSPI_WORK/app.pid\" 2>/dev/null) $launcher_pid 2>/dev/null" EXIT
    sleep 1
    "$ATSPI_APP" >"$ATSPI_WORK/app.log" 2>&1 &
    echo $! >"$ATSPI_WORK/app.pid"
    /usr/bin/python3 "$ATSPI_DRIVER"
'
result=$?
[[ $result -eq 0 ]] || fail "the AT-SPI driver failed (exit $result)"
echo "PASS: created and started a space through AT-SPI"
