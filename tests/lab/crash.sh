# crash.sh - the crash matrix, sourced by e2e.sh: each changing command is killed with SIGKILL at a step
# boundary, then `vpt recover` (undo) or `vpt recover --complete` runs in a separate try. Every device, guest
# config, live guest, network, VF count and udev rule must end exactly as before the command (undo) or as after it
# (complete), as sysfs and libvirt's XML tell, never in between.
#
# A point is STEP:MOMENT:MODE; the moments (vpt_step_to in lib.sh) are "returned" (the step's call has returned,
# the journal still says "applying"), "applied" (the journal says so, the next step not started) and "applying"
# (the journal says so, the call not begun: the world is as at the step before, so CRASH_MOMENTS leaves it out).
# VPT_LAB_CRASH=full kills at every changing step at each of CRASH_MOMENTS, in both modes (crash-matrix.sh);
# otherwise (CI) at one point per command: its first changing step applied (crash_smoke_point).
#
# The state is read right after each kill, before recover. A point where it is the state before the command or the
# state after it is "trivial": the kill left nothing in between, and in the mode whose target it already is, a
# recover that did nothing but delete the journal would pass it (recover still has to work in the other mode, and
# is judged the same). Only the others count as crash points. Lines, also in the share's out/crash.log (run.sh
# keeps it in $VPT_LAB_DIR/last-run), read by crash-matrix.sh:
#   crash NAME step I MOMENT, recover MODE: consistent                  (or INCONSISTENT (why))
#   crash NAME step I MOMENT, recover MODE: trivial (before), consistent (the state at the kill was "before")
#   crash NAME: X points, Y consistent, Z trivial                       (X, Y: crash points only)
#     (how long its states, runs and points took)
# The case fails on any INCONSISTENT point, trivial or not.
CRASH_LOG=${LAB_SHARE:-/mnt/lab}/out/crash.log
CRASH_MOMENTS="returned applied"

# crash_say LINE: print LINE, and keep it in the crash log
crash_say() { echo "$*"; [ -d "${CRASH_LOG%/*}" ] && echo "$*" >> "$CRASH_LOG"; return 0; }

# xml_digest: a digest of the XML on stdin that ignores the order of its lines (libvirt sorts some elements, such
# as controllers, only when it parses a definition again) and the <uuid> it makes up for a network defined
# without one
xml_digest() { grep -v '<uuid>' | sort | md5sum | cut -c1-12; }

# crash_dump DIR: libvirt's side of the state, in two runs of virsh (under emulation each run of virsh costs about
# a second, the calls inside it little): config-NAME.xml, domstate.NAME and, for a running guest, live-NAME.xml;
# net-NAME.xml, net-NAME.active, net-NAME.autostart. Quiet virsh is not used: it drops the newline of `echo`.
crash_dump() {
  local dir=$1 n names cmd= doms=() nets=() f
  rm -rf "$dir"; mkdir -p "$dir"
  names=$(virsh -c qemu:///system 'list --all --name; echo @@; net-list --all --name') || return 1
  f=doms
  while read -r n; do
    [ -n "$n" ] || continue
    if [ "$n" = @@ ]; then f=nets; elif [ $f = doms ]; then doms+=("$n"); else nets+=("$n"); fi
  done <<< "$names"
  for n in "${doms[@]}"; do cmd+="echo @@ config-$n.xml; dumpxml --inactive $n; echo @@ domstate.$n; domstate $n; echo @@ live-$n.xml; dumpxml $n; "; done
  for n in "${nets[@]}"; do cmd+="echo @@ net-$n.xml; net-dumpxml --inactive $n; echo @@ netinfo.$n; net-info $n; "; done
  [ -n "$cmd" ] || return 0
  virsh -c qemu:///system "$cmd" | awk -v dir="$dir" '/^@@ / { if (f) close(f); f = dir "/" $2; next } f && NF { print > f }'
  for n in "${doms[@]}"; do grep -qx running "$dir/domstate.$n" || rm -f "$dir/live-$n.xml"; done
  for n in "${nets[@]}"; do
    awk '/^Active:/ {print $2}' "$dir/netinfo.$n" > "$dir/net-$n.active"
    awk '/^Autostart:/ {print $2}' "$dir/netinfo.$n" > "$dir/net-$n.autostart"
  done
}

# crash_state_of DIR: the facts the judge compares, one per line, with libvirt's side from crash_dump DIR
crash_state_of() {
  local dir=$1 a n f
  sys_snapshot
  for a in "${SYS_ADDRS[@]}"; do echo "driver $a=${SYS_DRIVER[$a]:-}"; done
  for a in $NVME_PF $IGB_PF; do echo "numvfs $a=$(sys_attr "$a" sriov_numvfs)"; done
  for f in "$dir"/domstate.*; do
    [ -e "$f" ] || continue
    n=${f##*/domstate.}
    echo "config $n $(xml_digest < "$dir/config-$n.xml")"
    echo "state $n $(cat "$f")"
    [ -e "$dir/live-$n.xml" ] && echo "live $n $(hostdev_sources < "$dir/live-$n.xml" | xargs)"
  done
  for f in "$dir"/net-*.xml; do
    [ -e "$f" ] || continue
    n=${f##*/net-}; n=${n%.xml}
    echo "network $n Active:=$(cat "$dir/net-$n.active") Autostart:=$(cat "$dir/net-$n.autostart") $(xml_digest < "$f")"
  done
  echo "udev rules: $(ls /etc/udev/rules.d/ | grep '^70-vpt-' | xargs)"
  for f in $(crash_boot_files); do echo "boot file $f $(md5sum < "$f" | cut -c1-12)"; done
  # the devices a case resets: their config space still answers (vendor and device id, not all ones)
  for a in ${CRASH_ANSWERS:-}; do echo "config space $a $(od -An -tx2 -N4 "$SYS_PCI/$a/config" | xargs)"; done
}

# crash_state: the state now
crash_state() {
  crash_dump "$CASE_DIR/now" && crash_state_of "$CASE_DIR/now"
}

# crash_boot_files: the boot binding files there are (vpt detach --persist), as paths below /
crash_boot_files() {
  local f
  for f in /etc/vpt/boot-bindings/pci-* /etc/modprobe.d/vpt-vfio-* /etc/udev/rules.d/90-vpt-vfio-* \
           /etc/driverctl.d/pci-* /etc/initramfs-tools/hooks/vpt-vfio; do
    [ -e "$f" ] && echo "${f#/}"
  done
  return 0
}

# crash_save DIR: the state, and what it takes to come back to it (guest and network XML, live hostdevs)
crash_save() {
  local dir=$1
  crash_dump "$dir"
  crash_state_of "$dir" > "$dir/state"
  tar -C / -cf "$dir/boot.tar" --files-from /dev/null $(crash_boot_files)
}

# crash_settle DIR [SECONDS]: wait until the state is DIR's (unplugs and rebinds finish asynchronously)
crash_settle() {
  local end=$((SECONDS + ${2:-30}))
  while :; do
    [ "$(crash_state)" = "$(cat "$1/state")" ] && return 0
    [ $SECONDS -lt $end ] || return 1
    sleep 1
  done
}

# crash_wait_unplugged NAME ADDR: the running guest has let go of ADDR (up to 20 s)
crash_wait_unplugged() {
  local i
  for ((i = 0; i < 80; i++)); do $V dumpxml "$1" | hostdev_sources | grep -qx "$2" || return 0; sleep 0.25; done
  echo "  restore: $1 still has $2"
}
# crash_replug NAME ADDR SAVED_XML: hot-plug ADDR's <hostdev> as SAVED_XML had it (without libvirt's alias)
crash_replug() {
  $V dumpxml "$1" | hostdev_sources | grep -qx "$2" && return 0
  hostdev_block "$2" < "$3" | grep -v '<alias ' > "$CASE_DIR/plug.xml"
  $V attach-device "$1" "$CASE_DIR/plug.xml" --live > /dev/null
}

# crash_restore DIR: put the lab back as DIR saved it, with virsh and sysfs only (not with vpt, which is on trial)
crash_restore() {
  local dir=$1 n a f want cur now=$CASE_DIR/restore.now
  crash_dump "$now"
  # live guests: unplug what was not there, plug back what was
  for f in "$dir"/live-*.xml; do
    [ -e "$f" ] || continue
    n=${f##*/live-}; n=${n%.xml}
    [ -e "$now/live-$n.xml" ] || continue
    for a in $(hostdev_sources < "$now/live-$n.xml"); do
      hostdev_sources < "$f" | grep -qx "$a" && continue
      $V dumpxml "$n" | hostdev_block "$a" > "$CASE_DIR/unplug.xml"
      $V detach-device "$n" "$CASE_DIR/unplug.xml" --live > /dev/null
      crash_wait_unplugged "$n" "$a"
    done
    # companions (unassigned placeholders) first, as vpt does: the group must be whole on vfio-pci
    for a in $(hostdev_sources < "$f"); do
      hostdev_block "$a" < "$f" | grep -q "type='unassigned'" && crash_replug "$n" "$a" "$f"
    done
    for a in $(hostdev_sources < "$f"); do crash_replug "$n" "$a" "$f"; done
  done
  for f in "$dir"/config-*.xml; do
    [ -e "$f" ] || continue
    n=${f##*/config-}; n=${n%.xml}
    [ "$(xml_digest < "$now/config-$n.xml")" = "$(xml_digest < "$f")" ] && continue
    $V define "$f" > /dev/null
    $V dumpxml --inactive "$n" | diff "$f" - | sed 's/^/  restore config: /'
  done
  # networks: remove the new ones, define the lost or changed ones, then their state
  for f in "$now"/net-*.xml; do
    [ -e "$f" ] || continue
    n=${f##*/net-}; n=${n%.xml}
    [ -e "$dir/net-$n.xml" ] || { $V net-destroy "$n" > /dev/null 2>&1; $V net-undefine "$n" > /dev/null 2>&1; }
  done
  for f in "$dir"/net-*.xml; do
    [ -e "$f" ] || continue
    n=${f##*/net-}; n=${n%.xml}
    if [ ! -e "$now/net-$n.xml" ] || [ "$(xml_digest < "$now/net-$n.xml")" != "$(xml_digest < "$f")" ]; then
      $V net-define "$f" > /dev/null
      rm -f "$now/netinfo.$n"   # read again below
    fi
    [ -e "$now/netinfo.$n" ] || $V net-info "$n" > "$now/netinfo.$n"
    cur=$(awk '/^Active:/ {print $2}' "$now/netinfo.$n")
    want=$(cat "$dir/net-$n.active")
    [ "$cur" = "$want" ] || { [ "$want" = yes ] && $V net-start "$n" > /dev/null || $V net-destroy "$n" > /dev/null; }
    cur=$(awk '/^Autostart:/ {print $2}' "$now/netinfo.$n")
    want=$(cat "$dir/net-$n.autostart")
    [ "$cur" = "$want" ] || { [ "$want" = yes ] && $V net-autostart "$n" > /dev/null || $V net-autostart "$n" --disable > /dev/null; }
  done
  for a in $NVME_PF $IGB_PF; do
    want=$(sed -n "s/^numvfs $a=//p" "$dir/state")
    [ "$(sys_attr "$a" sriov_numvfs)" = "$want" ] && continue
    echo 0 > "$SYS_PCI/$a/sriov_numvfs"; echo "$want" > "$SYS_PCI/$a/sriov_numvfs"; udevadm settle -t 10
  done
  for f in /etc/udev/rules.d/70-vpt-*; do [ -e "$f" ] && ! grep -q "${f##*/}" "$dir/state" && rm -f "$f"; done
  (cd / && rm -f $(crash_boot_files)); tar -C / -xf "$dir/boot.tar"
  # drivers last: a device leaves vfio-pci only once no guest holds it
  sys_snapshot
  for a in "${SYS_ADDRS[@]}"; do
    want=$(sed -n "s/^driver $a=//p" "$dir/state")
    cur=${SYS_DRIVER[$a]:-}
    [ "$cur" = "$want" ] && continue
    if [ "$want" = vfio-pci ]; then virsh_detach "$a"; elif [ "$cur" = vfio-pci ]; then virsh_reattach "$a"; fi
    wait_driver "$a" "$want" 10 > /dev/null
  done
  crash_settle "$dir" 20 || { diff "$dir/state" <(crash_state) | sed 's/^/  restore: /'; fail "lab: cannot restore the state before the command"; }
}

# crash_smoke_point NAME: the one point CI tries for a command: its first changing step applied, then undone or
# completed (the two modes alternate between the commands). The first step's "applied" is a real crash point
# whenever the command has a second changing step; a single-step command's is trivial (the state after).
crash_smoke_point() {
  case $1 in
    detach|assign-config|assign-live|prepare|vfs|pool-delete|detach-persist|reset) echo first:applied:undo ;;
    reattach|unassign-reattach|unassign-live|pool-create|reattach-persist) echo first:applied:complete ;;
  esac
}

# crash_points NAME STEPS_JSON: the kill points "INDEX:MOMENT:MODE" of a plan (its changing steps)
crash_points() {
  local idx i m spec which moment mode
  idx=($(jq -r '.steps | to_entries[] | select(.value.action != "skip") | .key' "$2"))
  [ ${#idx[@]} -gt 0 ] || return 0
  if [ "${VPT_LAB_CRASH:-}" = full ]; then
    for i in "${idx[@]}"; do
      for m in $CRASH_MOMENTS; do printf '%s\n' "$i:$m:undo" "$i:$m:complete"; done
    done
    return 0
  fi
  spec=$(crash_smoke_point "$1")
  [ -n "$spec" ] || return 0
  IFS=: read -r which moment mode <<< "$spec"
  [ "$which" = first ] && echo "${idx[0]}:$moment:$mode" || echo "${idx[-1]}:$moment:$mode"
}

# crash_kill_at IDX MOMENT VPT-ARGS...: start vpt stopped and step it to step IDX at MOMENT (3 tries: a machine
# busy outside the lab may let vpt slip past the moment; such a try is undone)
crash_kill_at() {
  local idx=$1 moment=$2 try
  shift 2
  for try in 1 2 3; do
    rm -f "$j" "$j.tmp"
    vpt_bg_stopped "$@"
    vpt_step_to "$BG_PID" "$j" "@$idx" "$moment" && break
    kill -KILL "$BG_PID"; wait "$BG_PID" 2> /dev/null
    [ -e "$j" ] && "$VPT" -c "$VPT_URI" recover > /dev/null 2>&1
    crash_restore "$before"
    [ $try = 3 ] && fail "could not stop vpt $* at step $idx $moment (3 tries)"
  done
  kill -KILL "$BG_PID"; wait "$BG_PID" 2> /dev/null
}

# crash_matrix NAME VPT-ARGS...: the command from the current state (saved as "before"): once to the end (the
# "after" state, and its plan), then killed at each point, the state read, and recovered; the lab goes back to
# "before" between points. A command whose change the judge cannot see (reset) is run with CRASH_UNSEEN=1.
crash_matrix() {
  local name=$1 j point idx moment mode rc recovered expected seen trivial verdict
  local tried=0 consistent=0 trivials=0 inconsistent=0 t0=$SECONDS t1 t2 t3 times=
  shift
  if [ "${VPT_LAB_CRASH:-}" != full ] && [ -z "$(crash_smoke_point "$name")" ]; then
    echo "crash $name: in the full matrix only (tests/lab/crash-matrix.sh)"
    return 0
  fi
  export VPT_STATE_DIR=$CASE_DIR/state-$name
  j=$VPT_STATE_DIR/journal.json
  local before=$CASE_DIR/$name.before after=$CASE_DIR/$name.after
  mkdir -p "$VPT_STATE_DIR"
  crash_save "$before"
  vpt_json "$@" --json
  cp "$OUT" "$CASE_DIR/$name.plan.json"
  crash_save "$after"
  if [ "$(cat "$before/state")" = "$(cat "$after/state")" ] && [ "${CRASH_UNSEEN:-0}" != 1 ]; then
    fail "lab: vpt $* changed nothing the judge sees"
  fi
  crash_restore "$before"
  times="states before and after, one run: $((SECONDS - t0)) s;"
  for point in $(crash_points "$name" "$CASE_DIR/$name.plan.json"); do
    IFS=: read -r idx moment mode <<< "$point"
    t1=$SECONDS
    crash_kill_at "$idx" "$moment" "$@"
    t2=$SECONDS
    # the state vpt left at the kill: a point where it is "before" or "after" is no crash in between
    seen=$CASE_DIR/$name.seen
    crash_state > "$seen"
    if cmp -s "$seen" "$before/state"; then trivial="trivial (before), "
    elif cmp -s "$seen" "$after/state"; then trivial="trivial (after), "
    else
      trivial=
      echo "  at the kill, against the state before:"; diff "$before/state" "$seen" | grep '^[<>]' | sed 's/^/    /'
    fi
    if [ "$mode" = undo ]; then vpt_run recover --json; expected=$before; else vpt_run recover --complete --json; expected=$after; fi
    rc=$RC
    t3=$SECONDS
    recovered=$(jq -r .result "$OUT" 2> /dev/null)
    if [ "$rc" = 0 ] && [ ! -e "$j" ] && crash_settle "$expected"; then
      verdict=consistent
    else
      verdict="INCONSISTENT (recover exit $rc, result $recovered$([ -e "$j" ] && echo ', journal left'))"
      inconsistent=$((inconsistent + 1))
    fi
    if [ -n "$trivial" ]; then trivials=$((trivials + 1))
    else tried=$((tried + 1)); [ "$verdict" = consistent ] && consistent=$((consistent + 1))
    fi
    crash_say "crash $name step $idx $moment, recover $mode: $trivial$verdict"
    if [ "$verdict" != consistent ]; then   # what it takes to judge it, in the crash log too
      { echo "  at the kill, against the state before:"; diff "$before/state" "$seen" | grep '^[<>]' | sed 's/^/    /'
        echo "  now, against the state $([ "$mode" = undo ] && echo before || echo after):"
        diff "$expected/state" <(crash_state) | grep '^[<>]' | sed 's/^/    /'; } | while IFS= read -r line; do crash_say "$line"; done
    fi
    crash_restore "$before"
    times+=" a point: killed $((t2 - t1)) s, seen and recovered $((t3 - t2)) s, judged and restored $((SECONDS - t3)) s;"
  done
  crash_say "crash $name: $tried points, $consistent consistent, $trivials trivial"
  crash_say "  ($times total $((SECONDS - t0)) s)"
  [ $((tried + trivials)) -gt 0 ] || fail "no crash point in the plan of vpt $*"
  [ "$inconsistent" = 0 ] || fail "$inconsistent of $((tried + trivials)) crash points of vpt $* left the lab in between"
}

# --- the commands ----------------------------------------------------------------------------------------------
crash_detach_reattach() {
  [ -n "$GRP_DEV" ] || fail "no bridge group"
  keep_drivers "${E1000[@]}"
  crash_matrix detach detach "$GRP_DEV"
  local m
  for m in "${E1000[@]}"; do virsh_detach "$m"; done
  crash_matrix reattach reattach "$GRP_DEV"
}

# reset of one e1000e without a driver (libvirt resets it itself). Nothing the judge sees changes, so every point
# is trivial: it shows that recover takes a reset's journal (a reset cannot be undone) and the device answers.
crash_reset() {
  local d=${E1000E[1]:-${E1000E[0]:-}}
  [ -n "$d" ] || fail "no device on the e1000e driver"
  keep_drivers "$d"
  defer "[ -n \"\$(sys_driver $d)\" ] || { echo > $SYS_PCI/$d/driver_override; echo $d > /sys/bus/pci/drivers_probe; }"
  virsh_detach "$d" || fail "lab: virsh nodedev-detach $d failed"
  echo "$d" > /sys/bus/pci/drivers/vfio-pci/unbind
  CRASH_UNSEEN=1 CRASH_ANSWERS=$d crash_matrix reset reset "$d"
}

# A shut-off guest: assign --config of the bridge group, prepare, and unassign --config --reattach (one plan)
crash_guest_config() {
  [ -n "$GRP_DEV" ] || fail "no bridge group"
  local name=vpt-lab-crash m
  keep_drivers "${E1000[@]}"
  l2_define "$name"
  crash_matrix assign-config assign "$name" "$GRP_DEV" --config
  crash_matrix prepare prepare "$name" --root-ports 5
  "$VPT" -c "$VPT_URI" assign "$name" "$GRP_DEV" --config > /dev/null || fail "lab: vpt assign --config failed"
  for m in "${E1000[@]}"; do virsh_detach "$m"; done
  crash_matrix unassign-reattach unassign "$name" "$GRP_DEV" --config --reattach
}

# A running guest: assign --live of the bridge group (the companion, then the device), and unassign --live
crash_guest_live() {
  [ -n "$GRP_DEV" ] || fail "no bridge group"
  local name=vpt-lab-crashlive
  keep_drivers "${E1000[@]}"
  l2_define "$name"
  "$VPT" -c "$VPT_URI" prepare "$name" --pci-bridge > /dev/null || fail "lab: vpt prepare --pci-bridge failed"
  l2_boot "$name"
  crash_matrix assign-live assign "$name" "$GRP_DEV" --live
  "$VPT" -c "$VPT_URI" assign "$name" "$GRP_DEV" --live > /dev/null || fail "lab: vpt assign --live failed"
  crash_matrix unassign-live unassign "$name" "$GRP_DEV" --live
  crash_unanswered_group "$name"
}

# crash_unanswered_group NAME: assign --live of the two-member group killed after its last step (both members in
# the running guest, one as a placeholder), then recover against the guest paused, so that it never answers the
# unplug: the group must stay whole, both members on vfio-pci and in the guest, and the journal kept; once the
# guest runs again, recover gives the whole group back. (The state at the start: the group in the guest, as the
# unassign-live matrix leaves it.)
crash_unanswered_group() {
  local name=$1 last before=$CASE_DIR/unanswered.before
  echo "== assign --live killed after its last step, recovered while the guest cannot answer"
  "$VPT" -c "$VPT_URI" unassign "$name" "$GRP_DEV" --live > /dev/null || fail "lab: vpt unassign --live failed"
  for m in "${E1000[@]}"; do wait_driver "$m" e1000 10 || fail "lab: $m not back on e1000"; done
  export VPT_STATE_DIR=$CASE_DIR/state-unanswered
  local j=$VPT_STATE_DIR/journal.json
  mkdir -p "$VPT_STATE_DIR"
  crash_save "$before"
  vpt_json assign "$name" "$GRP_DEV" --live --dry-run --json
  last=$(jq -r '[.steps | to_entries[] | select(.value.action != "skip") | .key] | last' "$OUT")
  crash_kill_at "$last" applied assign "$name" "$GRP_DEV" --live
  expect_eq "live hostdevs at the kill" "$(live_hostdevs "$name")" "${E1000[*]}"
  expect_eq "drivers at the kill" "$(drivers "${E1000[@]}")" "$(printf '%s=vfio-pci ' "${E1000[@]}")"
  $V suspend "$name" > /dev/null || fail "virsh suspend failed"
  vpt_run recover --timeout 3 --json
  expect_eq "recover against the paused guest: exit status" "$RC" 1
  grep -q "not released, so the group stays on vfio-pci" "$ERR" || fail "recover does not say the group stays: $(cat "$ERR")"
  expect_eq "drivers after that recover (the group whole)" "$(drivers "${E1000[@]}")" "$(printf '%s=vfio-pci ' "${E1000[@]}")"
  expect_eq "live hostdevs after that recover" "$(live_hostdevs "$name")" "${E1000[*]}"
  [ -e "$j" ] || fail "the journal is gone although the group is still in the guest"
  $V resume "$name" > /dev/null || fail "virsh resume failed"
  vpt_run recover --json
  expect_eq "recover once the guest runs: exit status" "$RC" 0
  for m in "${E1000[@]}"; do wait_driver "$m" e1000 10 || fail "$m not back on e1000 after the second recover"; done
  expect_eq "live hostdevs after the second recover" "$(live_hostdevs "$name")" ""
  [ ! -e "$j" ] || fail "the journal is left after the second recover"
  unset VPT_STATE_DIR
}

# detach --persist and reattach --persist of the bridge group (its driver is not in the initramfs: files only)
crash_persist() {
  [ -n "$GRP_DEV" ] || fail "no bridge group"
  keep_drivers "${E1000[@]}"
  defer "\"$VPT\" -c \"$VPT_URI\" reattach $GRP_DEV --persist > /dev/null 2>&1"
  crash_matrix detach-persist detach "$GRP_DEV" --persist
  "$VPT" -c "$VPT_URI" detach "$GRP_DEV" --persist > /dev/null || fail "lab: vpt detach --persist failed"
  crash_matrix reattach-persist reattach "$GRP_DEV" --persist
}

# vfs 1 -> 2 on the NVMe PF: the write of 0, then of 2
crash_vfs() {
  [ -n "$NVME_PF" ] || fail "no NVMe SR-IOV PF"
  defer "sriov_disable $NVME_PF"
  echo 0 > "$SYS_PCI/$NVME_PF/sriov_drivers_autoprobe"
  sriov_enable "$NVME_PF" 1 || fail "lab: enabling a VF failed"
  crash_matrix vfs vfs "$NVME_PF" 2 --timeout 0
}

# pool create and pool delete on the igb PF
crash_pool() {
  igb_prepare
  local pool=vpt-crash-pool
  sriov_enable "$IGB_PF" 1 || fail "lab: enabling a VF failed"
  defer "$V net-destroy $pool > /dev/null 2>&1; $V net-undefine $pool > /dev/null 2>&1"
  crash_matrix pool-create pool create "$pool" --pf "$IGB_IF"
  "$VPT" -c "$VPT_URI" pool create "$pool" --pf "$IGB_IF" > /dev/null || fail "lab: vpt pool create failed"
  crash_matrix pool-delete pool delete "$pool"
}
