#!/usr/bin/env bash
# Every test: install what is missing, build, run the unit and integration
# tests (ctest), the same tests again under AddressSanitizer and
# UndefinedBehaviorSanitizer, a fuzz smoke of every parser, then the
# end-to-end suite in the VM lab (tests/lab) on vpt installed from its
# Debian package (scripts/package.sh).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh"
(cd "$top/build" && ctest --output-on-failure -j"$(nproc)")
if [ "${VPT_SKIP_SANITIZERS:-0}" != 1 ]; then
  "$top/scripts/test-sanitizers.sh"
fi
if [ "${VPT_SKIP_FUZZ:-0}" != 1 ]; then
  "$top/fuzz/run.sh" "${VPT_FUZZ_SECONDS:-10}"
fi
if [ -x "$top/tests/lab/run.sh" ] && [ "${VPT_SKIP_LAB:-0}" != 1 ]; then
  deb=$("$top/scripts/package.sh" | tail -1)
  "$top/tests/lab/run.sh" --deb "$deb"
fi
