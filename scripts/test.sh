#!/usr/bin/env bash
# Installs, builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh
ctest --test-dir build --output-on-failure --timeout 600 "$@"
# The request parser under libFuzzer for a bounded time (scripts/fuzz.sh 3600 for longer).
scripts/fuzz.sh "${SPACES_FUZZ_SECONDS:-60}"
