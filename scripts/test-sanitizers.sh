#!/usr/bin/env bash
# The unit and integration tests (ctest) built with AddressSanitizer and
# UndefinedBehaviorSanitizer into build-asan/ (or $VPT_ASAN_BUILD_DIR), leak
# detection on. Any report fails the run, including one from a vpt process
# whose exit status a test does not look at (a test expecting a refusal):
# reports go to files, and any file there is a failure.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${VPT_ASAN_BUILD_DIR:-$top/build-asan}
"$top/scripts/install-deps.sh"
. "$top/scripts/ccache-env.sh"
# Debug: no optimisation to hide a bad access, assertions on, a faster build.
# -g1: the line tables a report's stack needs, not the types and variables a
# debugger reads, which made the objects (and what ccache stores, unpacks and
# the linker reads) several times larger.
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG=-g1 -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
    -DVPT_SANITIZE=ON "${VPT_CCACHE_ARGS[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)"

reports=$build/sanitizer-reports
rm -rf "$reports"
mkdir -p "$reports"
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_string_checks=1:log_path=$reports/asan"
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$reports/ubsan"
status=0
# The unit cases in one process, as doctest runs them: as one ctest case each
# they started the sanitized binary 380 times, a sixth of this pass's time.
(cd "$build/tests" && ./vpt_unit_tests) || status=$?
# Left out here: the JSON-schema cases. They check the shape of vpt's output
# with a Python validator (most of their time, no memory to check); the
# plain ctest pass runs them, and the other integration cases run the same
# commands under the sanitizers.
(cd "$build" && ctest --output-on-failure -j"$(nproc)" -E '^unit: ?|integration: ?json schemas: ') || status=$?

for report in "$reports"/*; do
    [ -e "$report" ] || continue
    echo "test-sanitizers: report $(basename "$report"):" >&2
    cat "$report" >&2
    status=1
done
exit "$status"
