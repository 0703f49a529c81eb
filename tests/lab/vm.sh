#!/bin/bash
# vm.sh - the lab for interactive use: boot it in the background, ssh in, run the suite by hand, stop it.
#
#   vm.sh up [--vpt PATH]     prepare (as run.sh does) and boot the lab; returns when ssh answers.
#                             The share ($VPT_LAB_DIR/vm/share, /mnt/lab in the guest) gets the suite and vpt.
#   vm.sh sync [--vpt PATH]   copy the suite (and vpt) into the share again, after editing them
#   vm.sh e2e [REGEX]         run the suite (or the cases matching REGEX) in the running lab
#   vm.sh ssh [CMD...]        ssh into the lab as root (127.0.0.1:$VPT_LAB_SSH_PORT, default 10022)
#   vm.sh down                power the lab off (SIGTERM, then SIGKILL to its QEMU if it does not stop)
#   vm.sh status              is it running?
#
# The VM runs under `timeout` with a lifetime of $VPT_LAB_VM_LIFETIME seconds (default 7200), so a forgotten
# lab does not run forever. The image is opened with snapshot=on: every boot starts from the same clean state.
set -euo pipefail
. "$(dirname "$0")/common.sh"

VM=$VPT_LAB_DIR/vm
PORT=${VPT_LAB_SSH_PORT:-10022}
SSH=(ssh -q -p "$PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=5
     -o BatchMode=yes -o LogLevel=ERROR root@127.0.0.1)

running() { [ -f "$VM/qemu.pid" ] && kill -0 "$(cat "$VM/qemu.pid")" 2>/dev/null; }
ssh_key() { SSH=("${SSH[0]}" -i "$(cat "$VM/key")" "${SSH[@]:1}"); }
parse_vpt() {
  VPT_BIN=
  if [ "${1:-}" = --vpt ]; then
    VPT_BIN=${2:?--vpt PATH}
    [ -x "$VPT_BIN" ] || { echo "vm.sh: $VPT_BIN is not executable" >&2; exit 2; }
  fi
}
sync_share() {
  local vpt=${1:-}
  if [ -z "$vpt" ]; then
    # keep the vpt already in the share, or put a placeholder that says so
    vpt=$VM/share/bin/vpt
    if [ ! -x "$vpt" ]; then
      mkdir -p "$VM"; printf '#!/bin/sh\necho "vm.sh: no vpt in the share (vm.sh sync --vpt PATH)" >&2\nexit 127\n' > "$VM/novpt"
      chmod +x "$VM/novpt"; vpt=$VM/novpt
    else
      cp "$vpt" "$VM/vpt.keep"; vpt=$VM/vpt.keep
    fi
  fi
  lab_fill_share "$VM/share" "$vpt"
}

cmd=${1:-status}; shift || true
case $cmd in
  up)
    parse_vpt "$@"
    if running; then echo "vm.sh: the lab is already running (pid $(cat "$VM/qemu.pid"))"; exit 0; fi
    LAB_WHY=; rc=0; lab_prepare || rc=$?
    [ $rc = 0 ] || { echo "vm.sh: ${LAB_WHY:-preparing the lab failed}" >&2; exit 1; }
    rm -rf "$VM"; mkdir -p "$VM/share"
    sync_share "$VPT_BIN"
    echo "$LAB_IMG/id_lab" > "$VM/key"
    lab_qemu_args "$VM/share" "$VM" "$PORT"
    setsid timeout -k 10 "${VPT_LAB_VM_LIFETIME:-7200}" "$LAB_QEMU" "${LAB_ARGS[@]}" > "$VM/qemu.log" 2>&1 < /dev/null &
    T=$(date +%s)
    ssh_key
    for ((i = 0; i < 300; i++)); do
      if "${SSH[@]}" true 2> /dev/null; then
        lab_log "up after $(( $(date +%s) - T )) s: $0 ssh | e2e [REGEX] | down   (console: $VM/console.log)"
        exit 0
      fi
      if [ $i -gt 5 ] && ! running; then echo "vm.sh: QEMU died:" >&2; tail -5 "$VM/qemu.log" >&2; exit 1; fi
      sleep 1
    done
    echo "vm.sh: ssh did not answer within 300 s; stopping" >&2; lab_stop_qemu "$VM/qemu.pid"; exit 1
    ;;
  sync)
    parse_vpt "$@"; sync_share "$VPT_BIN"; echo "vm.sh: share updated" ;;
  e2e)
    running || { echo "vm.sh: not running (vm.sh up)" >&2; exit 1; }
    sync_share ""
    ssh_key
    exec "${SSH[@]}" "VPT_LAB_CASES=$(printf %q "${1:-}") bash /mnt/lab/guest-run.sh"
    ;;
  ssh)
    running || { echo "vm.sh: not running (vm.sh up)" >&2; exit 1; }
    ssh_key; exec "${SSH[@]}" "$@" ;;
  down)
    if ! running; then echo "vm.sh: not running"; rm -f "$VM/qemu.pid"; exit 0; fi
    ssh_key
    "${SSH[@]}" 'systemctl --no-block poweroff' 2> /dev/null || true
    pid=$(cat "$VM/qemu.pid")
    for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2> /dev/null || break; sleep 1; done
    lab_stop_qemu "$VM/qemu.pid" 5
    echo "vm.sh: stopped" ;;
  status)
    if running; then echo "running (pid $(cat "$VM/qemu.pid")), ssh: $0 ssh"; else echo "not running"; fi ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
