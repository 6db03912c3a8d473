#!/usr/bin/env bash
# Installs, builds and launches the desktop app on the embedded default: it finds the local
# spacesd through its server.json and starts it, detached, when none answers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/bin/spaces-desktop "$@"
