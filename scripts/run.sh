#!/usr/bin/env bash
# Installs, builds and launches Spaces Desktop on the embedded default (the local spacesd).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/bin/spacesd "$@"
