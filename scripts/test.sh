#!/usr/bin/env bash
# Every test: install what is missing, build, run the unit and integration
# tests (ctest), the same tests again under AddressSanitizer and
# UndefinedBehaviorSanitizer, a fuzz smoke of every parser, and the
# end-to-end suite in the VM lab (tests/lab) on vpt installed from its
# Debian package (scripts/package.sh). Every build goes through ccache when it
# is installed (scripts/ccache-env.sh).
#
# Once the package is built, the lab runs in the background beside the ctest,
# sanitizer and fuzz stages: its emulated machine keeps about one core busy,
# and they use the other. Beside it they compile at nice 10 and run one test
# or fuzz target at a time, so the lab keeps most of the machine it is timed
# for. Its lines follow once they end.
#
# VPT_SKIP_SANITIZERS=1, VPT_SKIP_FUZZ=1 and VPT_SKIP_LAB=1 leave a stage out,
# saying so. In CI (CI=true) nothing may be left out: such a variable, or a
# lab that cannot run, fails the run.
# At the end, however the run ends, each stage's time in seconds.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/ccache-env.sh"
in_ci() { [ "${CI:-}" = true ]; }

# --- stage times -------------------------------------------------------------
STAGES=() STAGE=() T_STAGE=0 T_ALL=$(date +%s)
stage() {
  STAGE=("$1")
  T_STAGE=$(date +%s)
  echo "== test.sh: $1"
}
stage_done() {
  STAGES+=("$(printf '%-24s %5s s  %s' "${STAGE[0]}" $(($(date +%s) - T_STAGE)) "${1:-ok}")")
  STAGE=()
}
report() {
  local rc=$? line
  trap - EXIT
  [ ${#STAGE[@]} -eq 0 ] || stage_done "FAILED (exit status $rc)"
  lab_stop
  echo "== test.sh: stage times"
  for line in "${STAGES[@]}"; do echo "  $line"; done
  printf '  %-24s %5s s  %s\n' total $(($(date +%s) - T_ALL)) "$([ "$rc" = 0 ] && echo ok || echo "FAILED (exit status $rc)")"
  if command -v ccache > /dev/null; then
    echo "  ccache ($CCACHE_DIR): $(ccache --print-stats 2> /dev/null |
      awk -F'\t' '$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" {h += $2} $1 == "cache_miss" {m = $2}
                  END {printf "%d hits, %d misses this run", h, m}')"
  fi
  exit "$rc"
}
# --- the lab, in the background ----------------------------------------------
LAB_PID= LAB_LOG= T_LAB=0
lab_start() {
  LAB_LOG=$(mktemp "${TMPDIR:-/tmp}/vpt-lab-run.XXXXXX")
  T_LAB=$(date +%s)
  echo "== test.sh: lab starts in the background (its lines follow the stages beside it)"
  # its own process group, so that a failure beside it stops it whole (run.sh's trap takes QEMU with it)
  setsid -w "$top/tests/lab/run.sh" --deb "$1" > "$LAB_LOG" 2>&1 < /dev/null &
  LAB_PID=$!
}
lab_finish() {
  STAGE=(lab) T_STAGE=$T_LAB
  echo "== test.sh: lab (began $(($(date +%s) - T_LAB)) s ago)"
  tail -n +1 -f --pid="$LAB_PID" "$LAB_LOG"
  wait "$LAB_PID"
  LAB_PID=
  stage_done
  rm -f "$LAB_LOG"
}
# lab_stop: a stage beside the lab failed (or the run was stopped): the lab stops too, and says how far it got
lab_stop() {
  [ -n "$LAB_PID" ] || return 0
  if kill -0 "$LAB_PID" 2> /dev/null; then
    kill -TERM -- "-$LAB_PID" 2> /dev/null || true
    wait "$LAB_PID" 2> /dev/null || true
    echo "== test.sh: lab stopped after $(($(date +%s) - T_LAB)) s, since a stage beside it failed; its last lines:"
    tail -5 "$LAB_LOG" | sed 's/^/  | /'
    STAGES+=("$(printf '%-24s %5s s  %s' lab $(($(date +%s) - T_LAB)) "stopped")")
  fi
  rm -f "$LAB_LOG"
  LAB_PID=
}

trap report EXIT
trap 'exit 130' INT TERM

# skipped NAME VARIABLE: a stage the environment leaves out (never in CI: refused below, before any stage)
skipped() {
  echo "== test.sh: $1 skipped ($2=1)"
  STAGES+=("$(printf '%-24s %5s    %s' "$1" - "skipped ($2=1)")")
}

# In CI nothing may be left out: said before any stage runs
if in_ci; then
  for variable in VPT_SKIP_SANITIZERS VPT_SKIP_FUZZ VPT_SKIP_LAB; do
    if [ "${!variable:-0}" = 1 ]; then
      echo "test.sh: $variable=1 would leave out a stage, but CI (CI=true) runs every stage" >&2
      exit 1
    fi
  done
fi
# ccache's counters count this run only
command -v ccache > /dev/null && ccache --zero-stats > /dev/null

lab_wanted=1
[ "${VPT_SKIP_LAB:-0}" != 1 ] || lab_wanted=0
if [ $lab_wanted = 1 ] && [ ! -x "$top/tests/lab/run.sh" ]; then
  echo "test.sh: tests/lab/run.sh is missing or not executable" >&2
  exit 1
fi

stage install
"$top/scripts/install-deps.sh"
# the fuzz stage's compiler too, now: beside the lab, whose host packages may need apt-get, no second apt-get runs
[ "${VPT_SKIP_FUZZ:-0}" = 1 ] || "$top/scripts/install-deps.sh" --fuzz
stage_done
stage build
"$top/scripts/build.sh"
stage_done
beside=
if [ $lab_wanted = 1 ]; then
  stage package
  deb=$("$top/scripts/package.sh" | tail -1)
  stage_done
  lab_start "$deb"
  export VPT_BUILD_NICE=10 VPT_CTEST_JOBS=1 VPT_FUZZ_JOBS=1
  beside=" (beside the lab)"
else
  skipped "package + lab" VPT_SKIP_LAB
fi
stage ctest
(cd "$top/build" && ctest --output-on-failure -j"${VPT_CTEST_JOBS:-$(nproc)}")
stage_done "ok$beside"
if [ "${VPT_SKIP_SANITIZERS:-0}" != 1 ]; then
  stage "sanitizers build+ctest"
  "$top/scripts/test-sanitizers.sh"
  stage_done "ok$beside"
else
  skipped "sanitizers build+ctest" VPT_SKIP_SANITIZERS
fi
if [ "${VPT_SKIP_FUZZ:-0}" != 1 ]; then
  stage fuzz
  "$top/fuzz/run.sh" "${VPT_FUZZ_SECONDS:-6}"
  stage_done "ok$beside"
else
  skipped fuzz VPT_SKIP_FUZZ
fi
[ $lab_wanted = 0 ] || lab_finish
