#!/usr/bin/env bash
# Every test: install what is missing, build, run the unit and integration
# tests (ctest), the same tests again under AddressSanitizer and
# UndefinedBehaviorSanitizer, a fuzz smoke of every parser, then the
# end-to-end suite in the VM lab (tests/lab) on vpt installed from its
# Debian package (scripts/package.sh). Every build goes through ccache when it
# is installed (scripts/ccache-env.sh).
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
trap report EXIT

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

stage install
"$top/scripts/install-deps.sh"
stage_done
stage build
"$top/scripts/build.sh"
stage_done
stage ctest
(cd "$top/build" && ctest --output-on-failure -j"$(nproc)")
stage_done
if [ "${VPT_SKIP_SANITIZERS:-0}" != 1 ]; then
  stage "sanitizers build+ctest"
  "$top/scripts/test-sanitizers.sh"
  stage_done
else
  skipped "sanitizers build+ctest" VPT_SKIP_SANITIZERS
fi
if [ "${VPT_SKIP_FUZZ:-0}" != 1 ]; then
  stage fuzz
  "$top/fuzz/run.sh" "${VPT_FUZZ_SECONDS:-6}"
  stage_done
else
  skipped fuzz VPT_SKIP_FUZZ
fi
if [ "${VPT_SKIP_LAB:-0}" = 1 ]; then
  skipped "package + lab" VPT_SKIP_LAB
elif [ ! -x "$top/tests/lab/run.sh" ]; then
  echo "test.sh: tests/lab/run.sh is missing or not executable" >&2
  exit 1
else
  stage package
  deb=$("$top/scripts/package.sh" | tail -1)
  stage_done
  stage lab
  "$top/tests/lab/run.sh" --deb "$deb"
  stage_done
fi
