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
# The .deb as users get it: a build for prefix /usr (no tests), the Python module where Debian's
# packages put theirs, packed by CPack, installed with apt-get, its programs run and files
# validated, then removed.
cmake -S . -B build-deb -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" \
      -DCMAKE_INSTALL_PREFIX=/usr -DPython3_EXECUTABLE=/usr/bin/python3 \
      -DSPACES_PYTHON_INSTALL_DIR=/usr/lib/python3/dist-packages \
      -DSPACES_BUILD_TESTS=OFF -DSPACES_BUILD_BENCH=OFF
cmake --build build-deb --parallel "$(nproc)"
scripts/package-deb.sh build-deb
# The request parser under libFuzzer for a bounded time (scripts/fuzz.sh 3600 for longer).
scripts/fuzz.sh "${SPACES_FUZZ_SECONDS:-60}"
