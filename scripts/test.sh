#!/usr/bin/env bash
# Every test: install what is missing, build, run the unit and integration
# tests (ctest), then the end-to-end suite in the VM lab (tests/lab).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh"
(cd "$top/build" && ctest --output-on-failure)
if [ -x "$top/tests/lab/run.sh" ] && [ "${VPT_SKIP_LAB:-0}" != 1 ]; then
  "$top/tests/lab/run.sh" --vpt "$top/build/vpt"
fi
