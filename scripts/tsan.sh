#!/usr/bin/env bash
# Builds the tests with ThreadSanitizer in a separate build folder and runs the suites that
# exercise parallel training: the in-process runner tests (jobs 1 vs 4, a stop from another
# thread) and the --jobs 1...8 determinism test, whose CLI runs are then TSan-built too; and the
# two-thread matrix products of `bench --threads 2` (SplitProductsTests).
# ThreadSanitizer makes normlab exit 66 on a race, which fails the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export TSAN_OPTIONS="halt_on_error=1:exitcode=66${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
swift build --build-tests --sanitize=thread --scratch-path .build-tsan
swift test --skip-build --sanitize=thread --scratch-path .build-tsan \
  --filter 'ReliabilityTests\.(ConcurrencyTests|JobsDeterminismTests)|NormlabEngineTests\.SplitProductsTests'
