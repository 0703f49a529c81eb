# persist.sh - boot-time bindings across reboots (sourced by e2e.sh; runs INSIDE the lab guest).
#
# `vpt detach --persist` must hold on the next boot, before any host driver probes the device, and
# `vpt reattach --persist` must give the devices back on the boot after. A reboot here is a kexec of the guest's
# own kernel and initramfs from its disk: the same QEMU run, so the disk (snapshot=on) keeps the change, and the
# initramfs vpt rebuilt is the one that boots. The suite runs in stages: guest-run.sh kexecs when a case asks for
# the next stage (PERSIST_NEXT), and runs e2e.sh again after the boot with VPT_LAB_STAGE set.
#
#   stage ""                 persist-guard-root-disk, persist-detach: the NVMe (its driver loads from the
#                            initramfs, as a boot disk's does) and the 3-member bridge group (drivers from the root fs)
#   stage persist-held       persist-held-after-reboot: on vfio-pci, never probed by nvme/e1000 this boot; then
#                            reattach --persist of both
#   stage persist-restored   persist-restored-after-reboot: the host drivers have them again, no boot files left

PERSIST_DIR=/var/lib/vpt-lab
PERSIST_NEXT=$PERSIST_DIR/next-stage
# Found by driver before the first reboot, then read back: after it, vfio-pci holds them.
if [ -z "${VPT_LAB_STAGE:-}" ]; then
  PERSIST_NVME=$(for d in $(devs_with_driver nvme); do [ "$d" != "$NVME_PF" ] && echo "$d"; done | head -1)
  PERSIST_GROUP=$([ -n "$GRP" ] && for m in $(sys_group_members "$GRP"); do sys_is_bridge "$m" || echo "$m"; done | xargs)
else
  read -r PERSIST_NVME PERSIST_GROUP < "$PERSIST_DIR/devices" 2> /dev/null
  PERSIST_GROUP=$(tr , ' ' <<< "${PERSIST_GROUP:-}")
fi
persist_endpoints() { echo "$PERSIST_NVME" $PERSIST_GROUP | xargs -n1; }
# the check's boot-bindings line, for a failure message
boot_check() { jq -r ".checks[] | select(.id == \"boot-bindings\") | .$1" "$OUT"; }
# a driver's probe of ADDR in this boot's kernel log ("nvme nvme0: pci function 0000:00:12.0", "e1000 0000:02:01.0 ...")
probed_by_host_driver() { dmesg | grep -E "^\[[ .0-9]+\] (nvme|e1000) " | grep -q -- "$1"; }

persist_guard_root_disk() {
  [ -n "$ROOT_PCI" ] || fail "lab: cannot find the PCI device of the root disk"
  vpt_run detach "$ROOT_PCI" --persist --force
  expect_refused "vpt detach $ROOT_PCI --persist --force" "mounted on /.*--force does not override this.*--force-boot"
  [ ! -e "/etc/driverctl.d/pci-$ROOT_PCI" ] || fail "the refused run wrote /etc/driverctl.d/pci-$ROOT_PCI"
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
  lsinitramfs "/boot/initrd.img-$(uname -r)" | grep -q "etc/driverctl.d/pci-$PERSIST_NVME" ||
    fail "the rebuilt initramfs lacks /etc/driverctl.d/pci-$PERSIST_NVME"
  mkdir -p "$PERSIST_DIR"; echo "$PERSIST_NVME $(tr ' ' , <<< "$PERSIST_GROUP")" > "$PERSIST_DIR/devices"
  vpt_run detach "$GRP_DEV" --persist
  [ "$RC" = 0 ] || fail "detach $GRP_DEV --persist exited $RC: $(head -1 "$ERR")"
  ! grep -q "The initramfs was rebuilt" "$OUT" || fail "e1000 is not in the initramfs, yet vpt rebuilt it"
  for a in $(persist_endpoints); do
    expect_eq "/etc/driverctl.d/pci-$a" "$(cat "/etc/driverctl.d/pci-$a" 2> /dev/null)" vfio-pci
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
    [ ! -e "/etc/driverctl.d/pci-$a" ] && [ ! -e "/etc/modprobe.d/vpt-vfio-$a.conf" ] || fail "boot files of $a left"
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
  lsinitramfs "/boot/initrd.img-$(uname -r)" | grep -q "etc/driverctl.d/" && fail "the initramfs still holds driverctl files"
  vpt_run check --json
  expect_eq "check boot-bindings finding" "$(boot_check finding)" "no device is bound to vfio-pci from boot on"
}
