# persist.sh - boot-time bindings across reboots (sourced by e2e.sh; runs INSIDE the lab guest).
#
# `vpt detach --persist` must hold on the next boot, before any host driver probes the device, and
# `vpt reattach --persist` must give the devices back on the boot after. A reboot here is a kexec of the guest's
# own kernel and initramfs from its disk: the same QEMU run, so the disk (snapshot=on) keeps the change, and the
# initramfs vpt rebuilt is the one that boots. The suite runs in stages: guest-run.sh kexecs when a case asks for
# the next stage (PERSIST_NEXT), and runs e2e.sh again after the boot with VPT_LAB_STAGE set.
#
#   stage ""                 persist-guard-root-disk, persist-detach: the NVMe (its driver loads from the
#                            initramfs, as a boot disk's does) and the 3-member bridge group (drivers from the root fs);
#                            persist-moved-detach: an e1000e bound too, its record then edited to other ids, as if
#                            a new card had renumbered the buses and another device were at its address now
#   stage persist-held       persist-moved-after-reboot: that e1000e kept its driver, the kernel log and check say
#                            why; its binding dropped. persist-held-after-reboot: the others on vfio-pci, never
#                            probed by nvme/e1000 this boot; then reattach --persist of both
#   stage persist-restored   persist-restored-after-reboot: the host drivers have them again, no boot files left

PERSIST_DIR=/var/lib/vpt-lab
PERSIST_NEXT=$PERSIST_DIR/next-stage
# Found by driver before the first reboot, then read back: after it, vfio-pci holds them.
if [ -z "${VPT_LAB_STAGE:-}" ]; then
  PERSIST_NVME=$(for d in $(devs_with_driver nvme); do [ "$d" != "$NVME_PF" ] && echo "$d"; done | head -1)
  PERSIST_GROUP=$([ -n "$GRP" ] && for m in $(sys_group_members "$GRP"); do sys_is_bridge "$m" || echo "$m"; done | xargs)
  PERSIST_MOVED=${E1000E[1]:-}
else
  read -r PERSIST_NVME PERSIST_GROUP < "$PERSIST_DIR/devices" 2> /dev/null
  PERSIST_GROUP=$(tr , ' ' <<< "${PERSIST_GROUP:-}")
  read -r PERSIST_MOVED PERSIST_MOVED_IDS < "$PERSIST_DIR/moved" 2> /dev/null
fi
# vpt's record of ADDR's boot binding; its first line is "vfio-pci VENDOR DEVICE CLASS"
binding_record() { echo "/etc/vpt/boot-bindings/pci-$1"; }
# ADDR's ids as check names them: "8086:10d3 class 0x020000"
sys_ids() { echo "$(cut -c3- < "$SYS_PCI/$1/vendor"):$(cut -c3- < "$SYS_PCI/$1/device") class $(cat "$SYS_PCI/$1/class")"; }
persist_endpoints() { echo "$PERSIST_NVME" $PERSIST_GROUP | xargs -n1; }
# the check's boot-bindings line, for a failure message
boot_check() { jq -r ".checks[] | select(.id == \"boot-bindings\") | .$1" "$OUT"; }
# a driver's probe of ADDR in this boot's kernel log ("nvme nvme0: pci function 0000:00:12.0", "e1000 0000:02:01.0 ...")
probed_by_host_driver() { dmesg | grep -E "^\[[ .0-9]+\] (nvme|e1000) " | grep -q -- "$1"; }

persist_guard_root_disk() {
  [ -n "$ROOT_PCI" ] || fail "lab: cannot find the PCI device of the root disk"
  vpt_run detach "$ROOT_PCI" --persist --force
  expect_refused "vpt detach $ROOT_PCI --persist --force" "mounted on /.*--force does not override this.*--force-boot"
  [ ! -e "$(binding_record "$ROOT_PCI")" ] || fail "the refused run wrote $(binding_record "$ROOT_PCI")"
  expect_eq "driver of $ROOT_PCI" "$(sys_driver "$ROOT_PCI")" virtio-pci
}

persist_detach() {
  [ -e "${LAB_SHARE:-/mnt/lab}/poweroff" ] || skip "needs a reboot: run by run.sh only"
  [ -n "$PERSIST_NVME" ] && [ -n "$GRP_DEV" ] || fail "lab: no NVMe without SR-IOV, or no bridge group"
  local a
  # The NVMe driver loads from the initramfs here, as a boot disk's driver does: the image builds it in
  # (build-image.sh), so the one initramfs rebuild of this case is vpt's own
  lsinitramfs "/boot/initrd.img-$(uname -r)" | grep -q '/nvme\.ko' || fail "lab: nvme.ko not in the initramfs"

  vpt_run detach "$PERSIST_NVME" --persist
  [ "$RC" = 0 ] || fail "detach $PERSIST_NVME --persist exited $RC: $(head -1 "$ERR")"
  grep -q "The initramfs was rebuilt" "$OUT" || fail "the NVMe's driver is in the initramfs, but vpt did not rebuild it"
  lsinitramfs "/boot/initrd.img-$(uname -r)" | grep -q "etc/vpt/boot-bindings/pci-$PERSIST_NVME" ||
    fail "the rebuilt initramfs lacks $(binding_record "$PERSIST_NVME")"
  mkdir -p "$PERSIST_DIR"; echo "$PERSIST_NVME $(tr ' ' , <<< "$PERSIST_GROUP")" > "$PERSIST_DIR/devices"
  vpt_run detach "$GRP_DEV" --persist
  [ "$RC" = 0 ] || fail "detach $GRP_DEV --persist exited $RC: $(head -1 "$ERR")"
  ! grep -q "The initramfs was rebuilt" "$OUT" || fail "e1000 is not in the initramfs, yet vpt rebuilt it"
  for a in $(persist_endpoints); do
    # the record holds the device's own ids, as sysfs spells them
    expect_eq "first line of $(binding_record "$a")" "$(head -1 "$(binding_record "$a")" 2> /dev/null)" \
      "vfio-pci $(cat "$SYS_PCI/$a/vendor") $(cat "$SYS_PCI/$a/device") $(cat "$SYS_PCI/$a/class")"
    [ ! -e "/etc/driverctl.d/pci-$a" ] || fail "vpt wrote /etc/driverctl.d/pci-$a, a binding by address alone"
    grep -q "^install " "/etc/modprobe.d/vpt-vfio-$a.conf" || fail "no install line in /etc/modprobe.d/vpt-vfio-$a.conf"
    expect_eq "driver of $a now" "$(sys_driver "$a")" vfio-pci
  done
  vpt_json list --json
  expect_eq "persistent devices in list --json" "$(jq -r '[.devices[] | select(.persistent) | .address] | sort | join(" ")' "$OUT")" \
    "$(persist_endpoints | sort | xargs)"
  echo persist-held > "$PERSIST_NEXT"
}

persist_held() {
  local a
  [ -n "$PERSIST_NVME" ] && [ -n "$PERSIST_GROUP" ] || fail "lab: the devices of the first stage are not recorded"
  for a in $(persist_endpoints); do
    expect_eq "driver of $a after the reboot" "$(sys_driver "$a")" vfio-pci
    ! probed_by_host_driver "$a" || fail "a host driver probed $a this boot: $(dmesg | grep -E '(nvme|e1000) ' | grep -- "$a" | head -1)"
  done
  vpt_run check --json
  expect_eq "check boot-bindings ($(boot_check finding))" "$(boot_check status)" pass
  # pass is also check's word when there is no binding at all: the finding must name exactly the bindings made
  local finding
  finding=$(boot_check finding)
  [[ $finding =~ ^([0-9]+)\ bindings?\ held\ this\ boot:\ (.+)$ ]] ||
    fail "check boot-bindings does not say which bindings held this boot: '$finding'"
  expect_eq "bindings held this boot (count)" "${BASH_REMATCH[1]}" "$(persist_endpoints | wc -l)"
  expect_eq "bindings held this boot" "$(tr -d ' ' <<< "${BASH_REMATCH[2]}" | tr , '\n' | sort | xargs)" \
    "$(persist_endpoints | sort | xargs)"
  vpt_run reattach "${PERSIST_GROUP%% *}" --persist
  [ "$RC" = 0 ] || fail "reattach ${PERSIST_GROUP%% *} --persist exited $RC: $(head -1 "$ERR")"
  vpt_run reattach "$PERSIST_NVME" --persist
  [ "$RC" = 0 ] || fail "reattach $PERSIST_NVME --persist exited $RC: $(head -1 "$ERR")"
  grep -q "The initramfs was rebuilt" "$OUT" || fail "the initramfs held the NVMe's binding, but vpt did not rebuild it"
  for a in $(persist_endpoints); do
    [ ! -e "$(binding_record "$a")" ] && [ ! -e "/etc/modprobe.d/vpt-vfio-$a.conf" ] || fail "boot files of $a left"
  done
  [ ! -e /etc/initramfs-tools/hooks/vpt-vfio ] || fail "vpt's initramfs hook left after the last binding"
  echo persist-restored > "$PERSIST_NEXT"
}

persist_restored() {
  local a want
  for a in $(persist_endpoints); do
    want=$([ "$a" = "$PERSIST_NVME" ] && echo nvme || echo e1000)
    expect_eq "driver of $a after the second reboot" "$(sys_driver "$a")" "$want"
    # the oracle of the first reboot, seen to work: this boot the host driver did probe it
    probed_by_host_driver "$a" || fail "no $want probe of $a in this boot's kernel log"
  done
  lsinitramfs "/boot/initrd.img-$(uname -r)" | grep -q "etc/vpt/boot-bindings/" && fail "the initramfs still holds vpt's records"
  vpt_run check --json
  expect_eq "check boot-bindings finding" "$(boot_check finding)" "no device is bound to vfio-pci from boot on"
}

# A binding whose recorded device is no longer the one at its address. Renumbering the lab's buses would need
# another QEMU device set; editing the record's ids before the reboot makes the same mismatch: the device at the
# address is then not the one recorded, and the boot must leave it to its host driver.
persist_moved_detach() {
  [ -e "${LAB_SHARE:-/mnt/lab}/poweroff" ] || skip "needs a reboot: run by run.sh only"
  [ -n "$PERSIST_MOVED" ] || fail "lab: no second e1000e NIC"
  local record want initrd=/boot/initrd.img-$(uname -r)
  record=$(binding_record "$PERSIST_MOVED")
  vpt_run detach "$PERSIST_MOVED" --persist
  [ "$RC" = 0 ] || fail "detach $PERSIST_MOVED --persist exited $RC: $(head -1 "$ERR")"
  expect_eq "driver of $PERSIST_MOVED now" "$(sys_driver "$PERSIST_MOVED")" vfio-pci
  grep -q "^install e1000e " "/etc/modprobe.d/vpt-vfio-$PERSIST_MOVED.conf" ||
    fail "no install line for e1000e in /etc/modprobe.d/vpt-vfio-$PERSIST_MOVED.conf"
  # another device id, the same vendor and class: only the device id tells them apart
  want=$([ "$(cat "$SYS_PCI/$PERSIST_MOVED/device")" = 0x1533 ] && echo 0x10d3 || echo 0x1533)
  sed -i "1s/^\(vfio-pci 0x[0-9a-f]*\) 0x[0-9a-f]*/\1 $want/" "$record"
  head -1 "$record" | grep -q "^vfio-pci 0x[0-9a-f]* $want " || fail "lab: could not edit $record: $(head -1 "$record")"
  # an initramfs that holds the record must hold the edited one
  if lsinitramfs "$initrd" | grep -q "etc/vpt/boot-bindings/pci-$PERSIST_MOVED"; then
    update-initramfs -u -k "$(uname -r)" > /dev/null 2>&1 || fail "update-initramfs (after the edit) failed"
  fi
  mkdir -p "$PERSIST_DIR"
  echo "$PERSIST_MOVED $(cut -c3- < "$SYS_PCI/$PERSIST_MOVED/vendor"):${want#0x}" > "$PERSIST_DIR/moved"
  # persist-detach asks for the reboot
}

persist_moved_after_reboot() {
  [ -n "$PERSIST_MOVED" ] || skip "persist-moved-detach did not run before the reboot"
  local a=$PERSIST_MOVED
  # however this case ends, the binding goes: persist-held-after-reboot needs vpt's hook gone with its last binding
  defer "vpt -c $VPT_URI reattach $a --persist > /dev/null 2>&1"
  expect_eq "driver of $a after the reboot (its record names $PERSIST_MOVED_IDS)" "$(sys_driver "$a")" e1000e
  dmesg | grep -q "vpt: left $a to its host driver: it is " ||
    fail "no 'vpt: left $a to its host driver' in this boot's kernel log: $(dmesg | grep 'vpt:' | head -3 | xargs)"
  vpt_json check --json
  expect_eq "check boot-bindings status" "$(boot_check status)" warn
  boot_check finding | grep -qF "$a is now $(sys_ids "$a") (on e1000e), not the recorded $PERSIST_MOVED_IDS" ||
    fail "check does not say why $a was not bound: $(boot_check finding)"
  boot_check fix | grep -qF "rm $(binding_record "$a")" || fail "check's fix does not drop the stale binding: $(boot_check fix)"
  vpt_run reattach "$a" --persist
  [ "$RC" = 0 ] || fail "reattach $a --persist exited $RC: $(head -1 "$ERR")"
  [ ! -e "$(binding_record "$a")" ] && [ ! -e "/etc/modprobe.d/vpt-vfio-$a.conf" ] || fail "boot files of $a left"
  expect_eq "driver of $a after reattach --persist" "$(sys_driver "$a")" e1000e
}
