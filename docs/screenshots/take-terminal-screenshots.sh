#!/bin/bash
# Takes terminal-app-ls.png and terminal-app-htop.png: the whole app under Xvfb with a private
# profile (its own embedded spacesd), a "demo" space made and started with spacectl, the
# Terminal tab clicked, `ls --color` and then htop typed. Xvfb has no window manager: the
# window is sized to the screen and clicked by position (the list's first row, the Terminal
# tab at 1400x900), keys reach the window under the pointer. Needs xvfb, xdotool,
# imagemagick and htop (not product dependencies). Stops the space and the spacesd it started.
#   docs/screenshots/take-terminal-screenshots.sh [build dir]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${1:-$here/../../build}" && pwd)/bin
work=$(mktemp -d /tmp/terminal-shots.XXXXXX)
mkdir -p "$work/config" "$work/data" "$work/runtime"
chmod 700 "$work/runtime"
unset SPACES_URL SPACES_TOKEN
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_RUNTIME_DIR=$work/runtime
export SPACES_DATA_DIR=$work/data SHOT_BIN=$bin SHOT_OUT=$here SHOT_WORK=$work

cleanup() {
    "$bin/spacectl" stop demo >/dev/null 2>&1 || true
    local server
    server=$(pgrep -f "spacesd --data-dir $work/data" || true)
    [[ -n $server ]] && kill $server
    rm -rf "$work"
}
trap cleanup EXIT

xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
    set -u
    "$SHOT_BIN/spaces-desktop" >"$SHOT_WORK/app.log" 2>&1 &
    app=$!
    trap "kill $app 2>/dev/null" EXIT
    for _ in $(seq 100); do [[ -s $SHOT_WORK/data/server.json ]] && break; sleep 0.2; done
    "$SHOT_BIN/spacectl" create demo blank --description "Terminal screenshots" >/dev/null
    "$SHOT_BIN/spacectl" start demo >/dev/null
    "$SHOT_BIN/spacectl" run demo sh -c "mkdir -p src docs .config; touch notes.txt README.md build.tar.gz photo.png; ln -sf notes.txt latest; printf \"#!/bin/sh\necho hi\n\" > run.sh; chmod +x run.sh"
    sleep 2
    win=$(xdotool search --pid $app --onlyvisible | head -1)
    xdotool windowsize "$win" 1400 900; sleep 1
    xdotool mousemove 30 123 click 1; sleep 1      # the space
    xdotool mousemove 894 76 click 1; sleep 3      # the Terminal tab
    xdotool mousemove 1000 450 click 1; sleep 0.5  # into the terminal
    xdotool type --delay 15 "clear; ls --color -la; ls --color=always -CF -w \$COLUMNS /usr/bin | head -32"
    xdotool key Return; sleep 2
    import -window root "$SHOT_OUT/terminal-app-ls.png"
    xdotool type --delay 15 htop; xdotool key Return; sleep 4
    import -window root "$SHOT_OUT/terminal-app-htop.png"
    xdotool type q; sleep 1
'
