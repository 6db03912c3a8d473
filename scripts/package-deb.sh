#!/usr/bin/env bash
# Builds the .deb with CPack in BUILD_DIR, installs it with apt-get as a user would, runs the
# installed programs, validates the installed desktop entry, metainfo and user unit, and
# removes the package again, so that the machine is left as it was found.
#   scripts/package-deb.sh [BUILD_DIR]    (default build-deb, configured with prefix /usr)
# Needs root (or sudo) for apt-get; refuses to run over an installed spaces-desktop.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-deb}

run_as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

if dpkg-query -W -f='${Status}' spaces-desktop 2>/dev/null | grep -q "install ok installed"; then
    echo "package-deb: spaces-desktop is installed already; remove it first (apt-get remove spaces-desktop)" >&2
    exit 1
fi
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
(cd "$build" && cpack -G DEB)
deb=$(ls -t "$build"/spaces-desktop_*.deb | head -n 1)
echo "package-deb: $deb"
dpkg-deb --info "$deb" | sed -n '/Depends/p'

removed=false
remove() {
    if [[ $removed == false ]]; then
        removed=true
        run_as_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y spaces-desktop
    fi
}
trap remove EXIT
run_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$(realpath "$deb")"

"$prefix/bin/spacectl" --version
QT_QPA_PLATFORM=offscreen "$prefix/bin/spaces-desktop" --version
"$prefix/bin/spacesd" --version
(cd / && env -u PYTHONPATH /usr/bin/python3 -c 'import spaces; print("import spaces:", spaces.__file__)')
desktop-file-validate "$prefix/share/applications/local.spaces.SpacesDesktop.desktop"
appstreamcli validate --no-net "$prefix/share/metainfo/local.spaces.SpacesDesktop.metainfo.xml"
man -l "$prefix/share/man/man1/spacectl.1" >/dev/null
man -l "$prefix/share/man/man1/spacesd.1" >/dev/null
if command -v systemd-analyze >/dev/null; then
    runtime=$(mktemp -d)
    XDG_RUNTIME_DIR=$runtime systemd-analyze --user verify "$prefix/lib/systemd/user/spacesd.service"
    rm -rf "$runtime"
fi
remove
if [[ -e "$prefix/bin/spacectl" ]]; then
    echo "package-deb: $prefix/bin/spacectl is still there after apt-get remove" >&2
    exit 1
fi
echo "package-deb: installed, checked and removed $deb"
