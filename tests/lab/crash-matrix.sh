#!/bin/bash
# crash-matrix.sh --vpt PATH - the whole crash matrix in the lab: every changing command killed with SIGKILL at
# every boundary of every changing step (the step "applying" and "applied"), then `vpt recover` and, in a
# separate try, `vpt recover --complete`. Prints one line per point and the figure per command; CI runs only a
# smoke of it (two points per command, in the ordinary lab run). Takes 20-40 minutes without KVM.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export VPT_LAB_CRASH=full
export VPT_LAB_SUITE_TIMEOUT=${VPT_LAB_SUITE_TIMEOUT:-5400}
rc=0
"$here/run.sh" --timeout "${VPT_LAB_TIMEOUT:-6000}" --cases "${VPT_LAB_CASES:-^crash-}" "$@" || rc=$?
echo "== the crash points (also in ${VPT_LAB_DIR:-/var/tmp/vpt-lab}/last-run/crash.log):"
grep -h ' points consistent$' "${VPT_LAB_DIR:-/var/tmp/vpt-lab}/last-run/crash.log" 2> /dev/null || echo "(none recorded)"
exit $rc
