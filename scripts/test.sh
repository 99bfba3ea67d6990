#!/usr/bin/env bash
# Installs what is missing, builds kconnect with its tests and runs the whole suite
# (labels unit, integration, e2e) twice: a normal build, then an AddressSanitizer +
# UndefinedBehaviorSanitizer build in its own directory.
# KCONNECT_SKIP_ASAN=1 skips the sanitizer pass (for quick local runs).
# Then the bundled broker is checked with real Kafka clients (scripts/compat.sh,
# when the compatibility harness is present). Last, the broker's request decoder is fuzzed (libFuzzer, clang) for
# KCONNECT_FUZZ_SECONDS (default 60; 0 skips).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)
# ccache (installed by install-deps.sh) keeps compiled objects between runs,
# across checkouts: paths are taken relative to the checkout and the working
# directory is left out of the hash.
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi

echo "== build (RelWithDebInfo)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}"
cmake --build build -j "$jobs"
echo "== tests"
(cd build && ctest --output-on-failure -j "$jobs" --timeout 600)

if [ "${KCONNECT_SKIP_ASAN:-0}" != "1" ]; then
  echo "== build (ASan + UBSan)"
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Asan "${launcher[@]}"
  cmake --build build-asan -j "$jobs"
  echo "== tests under ASan + UBSan"
  # Leak checking is on: a test whose process ends with memory nobody points
  # to any more fails (LeakSanitizer reports where it was allocated).
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     ctest --output-on-failure -j "$jobs" --timeout 900)
fi

echo "== Kafka-client compatibility of the bundled broker"
scripts/compat.sh build

fuzz_seconds=${KCONNECT_FUZZ_SECONDS:-60}
if [ "$fuzz_seconds" != "0" ]; then
  echo "== fuzzing the broker's request decoder for ${fuzz_seconds}s"
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DKCONNECT_FUZZ=ON -DKCONNECT_BUILD_TESTS=OFF -DKCONNECT_MIMALLOC=OFF "${launcher[@]}"
  cmake --build build-fuzz -j "$jobs" --target kc_request_fuzzer
  corpus=$(mktemp -d)
  # New inputs go to a scratch directory; the committed seeds stay as they are.
  build-fuzz/tests/fuzz/kc_request_fuzzer -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 \
    -print_final_stats=1 "$corpus" tests/fuzz/corpus
  rm -rf "$corpus"
fi
