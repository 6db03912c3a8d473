#!/usr/bin/env bash
# Installs, builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
# The MCP tests' Node packages (the official SDK, the conformance suite), pinned by the lock file.
if command -v npm >/dev/null; then
    npm ci --prefix tests/mcp --no-audit --no-fund
fi
scripts/check-format.sh
scripts/build.sh
ctest --test-dir build -j2 --output-on-failure --timeout 600 "$@"
# The request parser under libFuzzer for a bounded time (scripts/fuzz.sh 3600 for longer).
scripts/fuzz.sh "${SPACES_FUZZ_SECONDS:-60}"
