#!/usr/bin/env bash
# scripts/test.sh in CI: a VPT_SKIP_* variable fails the run before any stage
# runs, naming the variable, and the stage times are still printed.
# Usage: ci_stages_test.sh SOURCE_DIR
set -uo pipefail
source=$1
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
for variable in VPT_SKIP_SANITIZERS VPT_SKIP_FUZZ VPT_SKIP_LAB; do
    out=$(env -u VPT_SKIP_SANITIZERS -u VPT_SKIP_FUZZ -u VPT_SKIP_LAB CI=true "$variable=1" \
        timeout 60 "$source/scripts/test.sh" 2>&1)
    status=$?
    [ "$status" = 1 ] || fail "CI=true $variable=1: exit status $status, expected 1"
    grep -q "$variable=1 would leave out a stage, but CI (CI=true) runs every stage" <<<"$out" ||
        fail "CI=true $variable=1: the refusal does not name $variable: $out"
    ! grep -q '^== test.sh: install' <<<"$out" || fail "CI=true $variable=1: a stage ran first"
    grep -q '^== test.sh: stage times' <<<"$out" || fail "CI=true $variable=1: no stage times printed"
    grep -qE '^  total +[0-9]+ s  FAILED \(exit status 1\)' <<<"$out" ||
        fail "CI=true $variable=1: the total does not say the run failed: $out"
done
[ "$failures" = 0 ] && echo "test.sh in CI: all checks passed"
exit $((failures > 0))
