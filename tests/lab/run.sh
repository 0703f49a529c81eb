#!/bin/bash
# run.sh --deb PATH | --vpt PATH [options] - the lab, end to end, as CI runs it.
#
#   1. host packages (apt-get install, only what is missing)
#   2. the guest image, cached under $VPT_LAB_DIR/images/KEY (KEY = hash of build-image.sh + packages.txt)
#   3. QEMU: a private QEMU 10 from bookworm-backports when available (adds the igb SR-IOV NIC), else the host's
#   4. KVM when it really works for this guest, TCG otherwise
#   5. boot the lab with the suite (e2e.sh, lib.sh) and vpt (the package, or the bare binary) in the 9p share;
#      the guest installs vpt, runs the suite at boot, writes its log into the share and powers off
#   6. print the per-case lines as they come, then "N passed, N failed, N skipped"
#
# Every case the suite lists for this run (e2e.sh --list) must report PASS or FAIL; one that reports nothing fails
# the run. In CI (CI=true) a SKIP fails it too, unless the suite marks that case as allowed to skip (allow_skip),
# and so do a lab that cannot run here and a QEMU without the igb NIC. Every JSON document vpt printed for the
# suite is validated against its schema in man/schemas (tests/json_schema_check.py, on the host: the image has
# no validator); after a whole run, a successful report of each changing command must be among them.
#
# Exit status: 0 if nothing failed; 1 if a case failed or the lab broke (the guest did not boot, the suite did
# not finish, time limit); 2 usage error. When the lab cannot run on this machine at all (no QEMU installable,
# no Debian mirror for the image, not root) it says why, prints "0 passed, 0 failed, 1 skipped" and exits 0;
# in CI it fails, saying why.
# QEMU is never left behind: it runs under `timeout`, an EXIT/INT/TERM trap kills it, and it dies with this
# script even on a `kill -9` (parent-death signals).
#
# Options:
#   --deb PATH        the vpt package to test (scripts/package.sh), installed in the guest with dpkg
#   --vpt PATH        or the bare vpt binary, copied to /usr/local/bin (one of the two is required)
#   --cases REGEX     run only the cases whose name matches (extended regex)
#   --timeout S       hard limit for the whole VM run (default $VPT_LAB_TIMEOUT or 1500)
#   --accel A         auto|kvm|tcg (default $VPT_LAB_ACCEL or auto)
# Environment: see README.md (VPT_LAB_DIR, VPT_LAB_IGB, VPT_LAB_CASE_TIMEOUT, VPT_LAB_BOOT_TIMEOUT, ...).
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
VPT_BIN= VPT_DEB=
while [ $# -gt 0 ]; do
  case $1 in
    --vpt) VPT_BIN=${2:?}; shift ;;
    --deb) VPT_DEB=${2:?}; shift ;;
    --cases) export VPT_LAB_CASES=${2:?}; shift ;;
    --timeout) export VPT_LAB_TIMEOUT=${2:?}; shift ;;
    --accel) export VPT_LAB_ACCEL=${2:?}; shift ;;
    -h|--help) usage ;;
    *) echo "run.sh: unknown option $1" >&2; usage ;;
  esac
  shift
done
if [ -n "$VPT_DEB" ]; then
  [ -z "$VPT_BIN" ] || { echo "run.sh: give --deb or --vpt, not both" >&2; exit 2; }
  [ "$(dpkg-deb --field "$VPT_DEB" Package 2>/dev/null)" = vpt ] ||
    { echo "run.sh: $VPT_DEB is not a vpt package" >&2; exit 2; }
  [[ $VPT_DEB == *.deb ]] || { echo "run.sh: $VPT_DEB: a package's name ends in .deb" >&2; exit 2; }
  VPT_BIN=$VPT_DEB
else
  [ -n "$VPT_BIN" ] || { echo "run.sh: --deb PATH or --vpt PATH is required" >&2; usage; }
  [ -f "$VPT_BIN" ] && [ -x "$VPT_BIN" ] || { echo "run.sh: $VPT_BIN is not an executable file" >&2; exit 2; }
fi

. "$(dirname "$0")/common.sh"

TIMEOUT=${VPT_LAB_TIMEOUT:-1500}
BOOT_TIMEOUT=${VPT_LAB_BOOT_TIMEOUT:-300}
# the suite's own limit leaves room for booting and powering off inside the VM's limit
export VPT_LAB_SUITE_TIMEOUT=${VPT_LAB_SUITE_TIMEOUT:-$(( TIMEOUT > 480 ? TIMEOUT - 240 : TIMEOUT / 2 ))}

cannot_run() {
  echo "lab: cannot run on this machine: $*"
  if [ "${CI:-}" = true ]; then
    echo "FAIL lab: $* (CI runs the lab: it may not skip)"
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
  fi
  echo "SKIP lab: $*"
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
}
broken() {
  echo "FAIL lab: $*"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
}

# Whatever happens from here on (failure, time-out, ^C, kill), the trap stops QEMU and any child we started.
RUN= QPID= STREAM=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  lab_kill_child                      # an image build or QEMU download in progress
  if [ -n "$QPID" ] && kill -0 "$QPID" 2>/dev/null; then
    # TERM to `timeout` is passed on to QEMU; then make sure, by QEMU's own pid
    kill -TERM "$QPID" 2>/dev/null || true
    [ -n "$RUN" ] && lab_stop_qemu "$RUN/qemu.pid" 5
    kill -KILL "$QPID" 2>/dev/null || true
  fi
  [ -n "$RUN" ] && lab_stop_qemu "$RUN/qemu.pid" 0
  # the log streamer ends by itself within a second of QEMU (tail --pid); only then is it killed
  if [ -n "$STREAM" ]; then
    for ((i = 0; i < 30; i++)); do kill -0 "$STREAM" 2>/dev/null || break; sleep 0.1; done
    kill "$STREAM" 2>/dev/null
  fi
  wait 2>/dev/null
  # keep the logs of the last run; drop the rest (the share holds a copy of vpt)
  if [ -n "$RUN" ] && [ -d "$RUN" ]; then
    rm -rf "$VPT_LAB_DIR/last-run"; mkdir -p "$VPT_LAB_DIR/last-run"
    cp -r "$RUN"/*.log "$SHARE"/out/* "$VPT_LAB_DIR/last-run/" 2>/dev/null || true
    rm -rf "$RUN"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'echo "lab: interrupted"; exit 130' INT TERM

# --- 1-4: prepare ------------------------------------------------------------------------------------------------
LAB_WHY=
rc=0; lab_prepare || rc=$?
case $rc in
  0) ;;
  3) cannot_run "$LAB_WHY" ;;
  *) broken "${LAB_WHY:-preparing the lab failed}" ;;
esac
command -v "$LAB_QEMU" > /dev/null || cannot_run "no QEMU ($LAB_QEMU)"

# The cases this run must hear from: the suite's own list for these settings ("case NAME [may-skip]")
EXPECTED=$(LAB_HAS_PACKAGE=$([ -n "$VPT_DEB" ] && echo 1 || echo 0) VPT_LAB_CASES=${VPT_LAB_CASES:-} \
           bash "$LAB_SRC/e2e.sh" --list 2> /dev/null | sed -n 's/^case //p') || broken "e2e.sh --list failed"
[ -n "$EXPECTED" ] || broken "no case of the suite matches '${VPT_LAB_CASES:-}'"
lab_log "expecting $(wc -l <<< "$EXPECTED") cases"

# --- 5: boot with the suite as autorun -----------------------------------------------------------------------------
RUN=$(mktemp -d "$VPT_LAB_DIR/run.XXXXXX")
SHARE=$RUN/share
lab_fill_share "$SHARE" "$VPT_BIN"
cp "$LAB_SRC/guest-run.sh" "$SHARE/autorun.sh"
touch "$SHARE/poweroff"
LOG=$SHARE/out/autorun.log
lab_qemu_args "$SHARE" "$RUN"

lab_log "booting the lab (time limit ${TIMEOUT} s; logs: $VPT_LAB_DIR/last-run)"
T_BOOT=$(date +%s)
# A parent-death signal at each step, so that even a `kill -9` of this script takes `timeout`, and with it QEMU.
setpriv --pdeathsig KILL timeout -k 10 "$TIMEOUT" setpriv --pdeathsig KILL "$LAB_QEMU" "${LAB_ARGS[@]}" \
  > "$RUN/qemu.log" 2>&1 < /dev/null &
QPID=$!
# stream the suite's lines while it runs (not its summary line: the final one is ours); ends with QEMU
( tail --pid="$QPID" -n +1 -F "$LOG" 2>/dev/null | grep --line-buffered -v -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' ) &
STREAM=$!

WHY=
while kill -0 "$QPID" 2>/dev/null; do
  if [ ! -e "$LOG" ] && [ $(( $(date +%s) - T_BOOT )) -ge "$BOOT_TIMEOUT" ]; then
    WHY="the guest did not start the suite within $BOOT_TIMEOUT s"
    kill -TERM "$QPID" 2>/dev/null || true
    lab_stop_qemu "$RUN/qemu.pid" 5
    break
  fi
  sleep 1
done
QRC=0; wait "$QPID" || QRC=$?
QPID=
wait "$STREAM" 2>/dev/null || true; STREAM=
lab_log "VM ran $(( $(date +%s) - T_BOOT )) s (QEMU exit status $QRC)"

# --- 6: results ------------------------------------------------------------------------------------------------------
# the lines of the stages before a reboot (persist.sh), then the last stage's
cat "$SHARE/out/earlier.log" "$LOG" > "$SHARE/out/suite.log" 2> /dev/null || true
count() { local n; n=$(grep -c "^$1 " "$SHARE/out/suite.log" 2>/dev/null) || true; echo "${n:-0}"; }
PASSED=$(count PASS) FAILED=$(count FAIL) SKIPPED=$(count SKIP)
SUITE_RC=$(cat "$SHARE/out/autorun.rc" 2>/dev/null || echo none)
if [ -z "$WHY" ]; then
  if [ "$QRC" = 124 ] || [ "$QRC" = 137 ]; then WHY="the VM hit its time limit of $TIMEOUT s"
  elif [ "$SUITE_RC" = none ]; then WHY="the suite did not finish (QEMU exit status $QRC)"
  elif ! grep -qE '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$LOG"; then WHY="the suite ended without its summary (exit status $SUITE_RC)"
  elif [ "$SUITE_RC" != 0 ] && [ "$FAILED" = 0 ]; then WHY="the suite exited $SUITE_RC without a failed case"
  fi
fi
if [ -n "$WHY" ]; then
  FAILED=$((FAILED + 1))
  echo "FAIL lab: $WHY"
  grep -v 'no peer\|hub .* is not connected' "$RUN/qemu.log" 2>/dev/null | tail -5 | sed 's/^/    | qemu: /' || true
  tail -15 "$RUN/console.log" 2>/dev/null | sed 's/^/    | console: /' || true
fi
# each expected case reported; in CI, skipped only where the suite allows it
lab_judge_cases "$SHARE/out/suite.log" "$EXPECTED" || FAILED=$((FAILED + LAB_PROBLEMS))
# the JSON vpt printed, against its schemas
if ! lab_validate_json "$SHARE/out/json" "$([ -z "${VPT_LAB_CASES:-}" ] && echo whole)"; then
  FAILED=$((FAILED + 1))
  echo "FAIL lab: $LAB_WHY"
fi
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" = 0 ]
