#!/bin/bash
# crash-matrix.sh --vpt PATH | --deb PATH [run.sh options] - the whole crash matrix in the lab: every changing
# command killed with SIGKILL at every changing step, when its call has returned and when the step is applied
# (CRASH_MOMENTS in crash.sh), then `vpt recover` and, in a separate try, `vpt recover --complete`.
# Then the table of the run, computed from its crash log (one line per point, crash.sh):
#   command  points  consistent  trivial  inconsistent
# "points" are the real crash points (the state at the kill was neither the state before the command nor the one
# after it), "consistent" those of them recover brought back, "trivial" the others; "inconsistent" counts both
# kinds. CI runs only a smoke of it in the ordinary lab run (one point per command). 30-60 minutes without KVM.
#
# crash-matrix.sh --table LOG: only the table, of the crash log LOG (e.g. the smoke's, in last-run/crash.log).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# crash_table LOG: the table of the point lines in LOG, one row per command in the order they ran, and the total
crash_table() {
  awk '
    /^crash [^ ]+ step [0-9]+ [a-z]+, recover [a-z]+: / {
      name = $2
      if (!(name in seen)) { seen[name] = 1; order[++n] = name }
      if ($0 ~ /: trivial \(/) trivial[name]++
      else { points[name]++; if ($NF == "consistent") consistent[name]++ }
      if ($0 ~ /INCONSISTENT/) bad[name]++
    }
    END {
      printf "%-20s %7s %11s %8s %13s\n", "command", "points", "consistent", "trivial", "inconsistent"
      for (i = 1; i <= n; i++) {
        c = order[i]
        printf "%-20s %7d %11d %8d %13d\n", c, points[c], consistent[c], trivial[c], bad[c]
        tp += points[c]; tc += consistent[c]; tt += trivial[c]; tb += bad[c]
      }
      printf "%-20s %7d %11d %8d %13d\n", "total", tp, tc, tt, tb
      if (n == 0) print "(no crash point in the log)"
    }' "$1"
}

if [ "${1:-}" = --table ]; then
  crash_table "${2:?usage: crash-matrix.sh --table CRASH_LOG}"
  exit 0
fi

export VPT_LAB_CRASH=full
export VPT_LAB_SUITE_TIMEOUT=${VPT_LAB_SUITE_TIMEOUT:-7000}
rc=0
t0=$SECONDS
"$here/run.sh" --timeout "${VPT_LAB_TIMEOUT:-7600}" --cases "${VPT_LAB_CASES:-^crash-}" "$@" || rc=$?
log=${VPT_LAB_DIR:-/var/tmp/vpt-lab}/last-run/crash.log
echo "== the crash matrix of $(git -C "$here" describe --always --dirty 2> /dev/null || echo 'an unknown commit')," \
     "$(( (SECONDS - t0) / 60 )) min (each point: $log)"
if [ -e "$log" ]; then crash_table "$log"; else echo "(no crash log: the suite recorded no point)"; fi
exit $rc
