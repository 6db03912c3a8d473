#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz/ and runs the request-parsing fuzzer.
#   scripts/fuzz.sh           60 seconds (what CI runs)
#   scripts/fuzz.sh 3600      an hour; findings land in build-fuzz/fuzz/ as crash-* files
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DSPACES_BUILD_FUZZ=ON -DSPACES_FUZZ_SECONDS="$seconds" \
    ${CMAKE_CXX_COMPILER_LAUNCHER:+-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER}
cmake --build build-fuzz --target fuzz_http_request
ctest --test-dir build-fuzz -L fuzz --output-on-failure --timeout $((seconds + 300))
