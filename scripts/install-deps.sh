#!/usr/bin/env bash
# Installs what Spaces Desktop needs on Debian 12 from Debian's own packages.
#   scripts/install-deps.sh          build and run
#   scripts/install-deps.sh --test   also what the tests and benchmarks use
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev
    libboost-dev libssl-dev   # the server's transport: Boost.Beast (header-only) and OpenSSL
    libqt6sql6-sqlite libsqlite3-dev   # the store; the space list reads rows through SQLite's API
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libvterm-dev       # the terminal's screen state
    python3            # the built-in 'web' template serves with python3 -m http.server
    bubblewrap         # the sandbox every local space runs in (platform "container")
)
if [[ "${1:-}" == "--test" ]]; then
    packages+=(
        zsh fish          # every shell a space may use is exercised
        socat             # the relay benchmark compares against it
        openssl           # the HTTPS test makes a self-signed certificate
        clang             # the libFuzzer target (SPACES_BUILD_FUZZ)
        clang-format      # scripts/check-format.sh, run by scripts/test.sh
        xvfb xauth        # GUI tests and screenshots
        htop              # the alternate-screen program in the terminal screenshots
        dbus-x11 at-spi2-core python3-pyatspi   # the AT-SPI end-to-end test (tests/gui/atspi)
        podman runc busybox-static   # container spaces (optional for users: podman)
        desktop-file-utils appstream man-db   # the install test and the .deb check validate with them
        dpkg-dev          # dpkg-shlibdeps: the .deb's dependencies on shared libraries
        librsvg2-bin      # packaging/icons/render.sh renders the icon's PNGs from its SVG
    )
fi

run_as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        echo "install-deps: run as root (or install sudo) to install: ${packages[*]}" >&2
        exit 1
    fi
}

# A spacesd running as root runs its spaces as this unprivileged user (else as nobody).
ensure_space_user() {
    if [[ $(id -u) -eq 0 ]] && ! getent passwd spaces >/dev/null; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin spaces
    fi
}

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: everything is installed"
    ensure_space_user
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
run_as_root apt-get update
run_as_root apt-get install -y --no-install-recommends "${missing[@]}"
ensure_space_user
