#!/bin/bash
# e2e.sh - the end-to-end suite. Runs INSIDE the lab guest as root, with vpt on PATH (guest-run.sh installs it).
#
# Every case runs the real vpt against qemu:///system and checks the outcome against the guest's sysfs and
# libvirt (virsh) - never against vpt's own word for it. The first cases ("lab-*") check the lab itself with
# plain virsh and sysfs, so a broken lab is told apart from a broken vpt.
#
# Output: one line per case ("PASS name (N ms)" / "FAIL name (N ms): why" / "SKIP name: why"), then
# "N passed, N failed, N skipped". Exit status 0 only if nothing failed.
# Device addresses are discovered from sysfs (drivers, SR-IOV capabilities), IOMMU group numbers are always read
# at runtime: they change with the device set.
set -u
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

ADDR_RE='^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$'

# --- discovery -------------------------------------------------------------------------------------------------
devs_with_driver() { local d; for d in $(pci_devices); do [ "$(sys_driver "$d")" = "$1" ] && echo "$d"; done; }
sriov_pf_with_driver() {
  local d
  for d in $(devs_with_driver "$1"); do [ -f "$SYS_PCI/$d/sriov_totalvfs" ] && { echo "$d"; return; }; done
}
E1000E=($(devs_with_driver e1000e))          # two single-device groups
E1000=($(devs_with_driver e1000))            # the two endpoints behind the PCIe-to-PCI bridge
GRP_DEV=${E1000[0]:-}                        # a member of the 3-member bridge group
GRP=$([ -n "$GRP_DEV" ] && sys_group "$GRP_DEV")
NVME_PF=$(sriov_pf_with_driver nvme)         # NVMe SR-IOV PF
IGB_PF=$(sriov_pf_with_driver igb)           # igb SR-IOV NIC PF (QEMU >= 8 only)

echo "== lab: $(pci_devices | wc -l) PCI devices, $(ls /sys/kernel/iommu_groups | wc -l) IOMMU groups;" \
     "bridge group ${GRP:-?} [$( [ -n "$GRP" ] && sys_group_members "$GRP" | xargs)]; e1000e ${E1000E[*]:-none};" \
     "NVMe PF ${NVME_PF:-none}; igb PF ${IGB_PF:-none}; vpt $(command -v "$VPT" || echo missing)"

# =============================================================================================================
# lab sanity (no vpt)
# =============================================================================================================
lab_iommu_groups() {
  local n d
  n=$(ls /sys/kernel/iommu_groups | wc -l)
  [ "$n" -ge 8 ] || fail "only $n IOMMU groups (is intel_iommu=on and the vIOMMU there?)"
  for d in $(pci_devices); do [ -n "$(sys_group "$d")" ] || fail "$d has no IOMMU group"; done
  grep -q 'Enabled IRQ remapping' <(dmesg) || echo "note: no 'Enabled IRQ remapping' in dmesg"
}

lab_bridge_group() {
  [ -n "$GRP_DEV" ] || fail "no device on the e1000 driver"
  local m members bridges=0
  members=($(sys_group_members "$GRP"))
  expect_eq "members of group $GRP" "${#members[@]}" 3
  for m in "${members[@]}"; do sys_is_bridge "$m" && bridges=$((bridges + 1)); done
  expect_eq "bridges in group $GRP" "$bridges" 1
}

lab_nodedev_list() {
  local want got
  want=$(pci_devices | while read -r d; do nodedev_name "$d"; done | sort)
  got=$($V nodedev-list --cap pci | sort)
  [ "$got" = "$want" ] || fail "virsh nodedev-list --cap pci differs from sysfs: $(diff <(echo "$want") <(echo "$got") | grep '^[<>]' | xargs)"
}

lab_nodedev_iommu_group() {
  [ -n "$GRP_DEV" ] || fail "no bridge group"
  local xml
  xml=$($V nodedev-dumpxml "$(nodedev_name "$GRP_DEV")") || fail "nodedev-dumpxml failed"
  grep -q "<iommuGroup number='$GRP'>" <<< "$xml" || fail "no <iommuGroup number='$GRP'> in the nodedev XML"
  expect_eq "addresses in <iommuGroup>" "$(sed -n '/<iommuGroup/,/<\/iommuGroup>/p' <<< "$xml" | grep -c '<address')" 3
}

lab_virsh_detach_reattach() {
  local d=${E1000E[0]:-} g
  [ -n "$d" ] || fail "no device on the e1000e driver"
  g=$(sys_group "$d")
  defer "virsh_reattach $d"
  virsh_detach "$d" || fail "virsh nodedev-detach did not bind vfio-pci to $d"
  [ -c "/dev/vfio/$g" ] || fail "/dev/vfio/$g missing after detach"
  virsh_reattach "$d" || fail "virsh nodedev-reattach $d failed"
  wait_driver "$d" e1000e 10 || fail "$d not back on e1000e after reattach"
}

lab_sriov_nvme() {
  [ -n "$NVME_PF" ] || fail "no NVMe SR-IOV PF"
  expect_eq "sriov_totalvfs of $NVME_PF" "$(sys_attr "$NVME_PF" sriov_totalvfs)" 2
  defer "sriov_disable $NVME_PF"
  sriov_enable "$NVME_PF" 2 || fail "enabling 2 VFs on $NVME_PF failed (or libvirt did not see them)"
  $V nodedev-dumpxml "$(nodedev_name "$NVME_PF")" | grep -q "<capability type='virt_functions' maxCount='2'>" \
    || fail "no virt_functions maxCount='2' in the PF's nodedev XML"
}

lab_sriov_igb() {
  [ -n "$IGB_PF" ] || skip "no igb NIC in this lab (needs QEMU >= 8: VPT_LAB_IGB)"
  local pfdev vf
  pfdev=$(ls "$SYS_PCI/$IGB_PF/net" | head -1)
  ip link set "$pfdev" up
  defer "sriov_disable $IGB_PF"
  sriov_enable "$IGB_PF" 2 || fail "enabling 2 VFs on $IGB_PF failed (or libvirt did not see them)"
  for vf in $(sriov_vfs "$IGB_PF"); do wait_driver "$vf" igbvf 10 || fail "VF $vf not on igbvf"; done
}

# the nested guest: boots a kernel with a managed <hostdev> (libvirt binds vfio-pci, QEMU opens /dev/vfio/N),
# and the device goes back to its driver when the guest is destroyed
lab_l2_guest_with_hostdev() {
  local d=${E1000E[0]:-} log=/var/log/libvirt/qemu/vpt-lab-l2-serial.log i pid g
  [ -n "$d" ] || fail "no device on the e1000e driver"
  g=$(sys_group "$d")
  echo "L2 domain type: $(l2_virt)"
  rm -f "$log"
  l2_domain_xml vpt-lab-l2 "$log" "$d" > /tmp/vpt-lab-l2.xml
  defer "$V destroy vpt-lab-l2 >/dev/null 2>&1; $V undefine vpt-lab-l2 >/dev/null 2>&1; virsh_reattach $d 2>/dev/null"
  $V define /tmp/vpt-lab-l2.xml > /dev/null || fail "virsh define failed"
  $V start vpt-lab-l2 > /dev/null || fail "virsh start failed"
  wait_driver "$d" vfio-pci 10 || fail "$d not on vfio-pci while the guest runs"
  pid=$(cat /run/libvirt/qemu/vpt-lab-l2.pid) || fail "no QEMU pid for the guest"
  ls -l "/proc/$pid/fd" | grep -q "/dev/vfio/$g\$" || fail "the guest's QEMU does not hold /dev/vfio/$g open"
  for ((i = 0; i < 240; i++)); do grep -q VPT-L2-READY "$log" 2>/dev/null && break; sleep 0.5; done
  grep -q VPT-L2-READY "$log" 2>/dev/null || fail "the L2 kernel did not come up within 120 s ($(l2_virt))"
  grep -o 'VPT-L2-READY.*' "$log"
  $V destroy vpt-lab-l2 > /dev/null || fail "virsh destroy failed"
  wait_driver "$d" e1000e 10 || fail "$d not back on e1000e after the guest stopped"
}

# l2_virt: the domain type of nested guests: kvm when the lab has a /dev/kvm (nested on the emulated CPU)
l2_virt() { [ -n "${VPT_LAB_L2_VIRT:-}" ] && echo "$VPT_LAB_L2_VIRT" || { [ -c /dev/kvm ] && echo kvm || echo qemu; }; }

# l2_domain_xml NAME SERIAL_LOG [ADDR...]: a small nested guest (kernel + busybox initramfs, no disk) with a
# managed <hostdev> for each ADDR
l2_domain_xml() {
  local name=$1 serial=$2 a hostdevs=
  shift 2
  for a in "$@"; do
    hostdevs+="    <hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x${a:0:4}' bus='0x${a:5:2}' slot='0x${a:8:2}' function='0x${a:11:1}'/></source></hostdev>
"
  done
  cat <<EOF
<domain type='$(l2_virt)'>
  <name>$name</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
    <kernel>/vmlinuz</kernel>
    <initrd>/usr/local/share/vpt-lab/l2-initrd.gz</initrd>
    <cmdline>console=ttyS0 panic=-1 quiet mitigations=off</cmdline>
  </os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <controller type='usb' model='none'/>
    <controller type='pci' model='pcie-root'/>
    <controller type='pci' model='pcie-root-port'/>
    <controller type='pci' model='pcie-root-port'/>
    <controller type='pci' model='pcie-root-port'/>
${hostdevs}    <serial type='file'><source path='$serial'/></serial>
    <memballoon model='none'/>
  </devices>
</domain>
EOF
}

vpt_binary_loads() {
  local p
  p=$(command -v "$VPT") || fail "vpt is not installed in the guest"
  [ "$(head -c 2 "$p")" = '#!' ] && { "$p" --help > /dev/null 2>&1; return 0; }    # a script stand-in
  ldd "$p" > "$CASE_DIR/ldd.txt" 2>&1 || fail "ldd $p failed: $(head -1 "$CASE_DIR/ldd.txt")"
  ! grep 'not found' "$CASE_DIR/ldd.txt" || fail "missing libraries in the image: $(grep 'not found' "$CASE_DIR/ldd.txt" | awk '{print $1}' | xargs)"
  "$p" --help > /dev/null 2>&1 && return 0
  local rc=$?
  [ $rc -lt 126 ] || fail "vpt --help died with status $rc"
}

# =============================================================================================================
# vpt list
# =============================================================================================================

# list_contract_errors FILE: print one line per violation of the `vpt list --json` contract
list_contract_errors() {
  jq -r --arg re "$ADDR_RE" '
    def addr: type == "string" and test($re);
    def hexid: type == "string" and test("^0x[0-9a-f]{4}$");
    def strnull: type == "string" or type == "null";
    if (type != "object") or ((.devices | type) != "array") then "top level is not {\"devices\": [...]}" else
    .devices[] | . as $d | [
      (if (.name | type) == "string" then empty else "name" end),
      (if (.address | addr) then empty else "address" end),
      (if (.vendor_id | hexid) then empty else "vendor_id" end),
      (if (.product_id | hexid) then empty else "product_id" end),
      (if (.vendor | strnull) then empty else "vendor" end),
      (if (.product | strnull) then empty else "product" end),
      (if (.class == null) or ((.class | type) == "string" and (.class | test("^0x[0-9a-f]{6}$"))) then empty else "class" end),
      (if (.driver | strnull) then empty else "driver" end),
      (if (.iommu_group == null) or ((.iommu_group | type) == "number") then empty else "iommu_group" end),
      (if (.group_members | type) == "array" and all(.group_members[]; addr) then empty else "group_members" end),
      (if (.bridge | type) == "boolean" then empty else "bridge" end),
      (if .sriov == null then empty
       elif (.sriov | type) != "object" then "sriov"
       elif .sriov.role == "pf" then
         (if ((.sriov.max_vfs == null) or ((.sriov.max_vfs | type) == "number")) and ((.sriov.vfs | type) == "array")
             and all(.sriov.vfs[]; addr) then empty else "sriov(pf)" end)
       elif .sriov.role == "vf" then (if (.sriov.pf | addr) then empty else "sriov(vf)" end)
       else "sriov.role" end),
      (if (.netdev | strnull) then empty else "netdev" end),
      (if (.held_by | type) == "array" and all(.held_by[]; type == "object" and (.guest | type) == "string"
            and (.active | type) == "boolean" and has("as") and has("network")) then empty else "held_by" end)
    ] | select(length > 0) | "\($d.address // $d.name // "?"): bad or missing \(join(", "))"
    end' "$1" 2>&1
}

# list_vs_sysfs FILE: compare every device of a `vpt list --json` output with sysfs; print the differences
list_vs_sysfs() {
  local f=$1 d addr rest cls bridge i
  local -A got
  # fields joined with US (0x1f): unlike a tab it is not IFS whitespace, so empty fields survive `read`
  while IFS=$'\x1f' read -r addr rest; do got[$addr]=$rest; done < <(jq -r '.devices[] | [
      .address, .name, .vendor_id, .product_id, (.class // "null"), (.driver // "null"),
      (.iommu_group // "null" | tostring), (.group_members | sort | join(",")), (.bridge | tostring),
      (if .sriov == null then "null"
       elif .sriov.role == "pf" then "pf:\(.sriov.max_vfs // "null"):\(.sriov.vfs | sort | join(","))"
       else "vf:\(.sriov.pf)" end)
    ] | join("\u001f")' "$f")
  sys_snapshot
  local names=(name vendor_id product_id class driver iommu_group group_members bridge sriov)
  for d in "${SYS_ADDRS[@]}"; do
    if [ -z "${got[$d]+x}" ]; then echo "$d: missing from the list"; continue; fi
    cls=${SYS_CLASS[$d]}
    # bridge: PCI-to-PCI bridges and root ports (0x0604xx) must say true, other classes false;
    # host and ISA bridges (other 0x06xxxx) may say either
    if [[ $cls == 0x0604* ]]; then bridge=true; elif [[ $cls == 0x06* ]]; then bridge=any; else bridge=false; fi
    local gf wf
    IFS=$'\x1f' read -r -a gf <<< "${got[$d]}"
    wf=("pci_${d//[:.]/_}" "${SYS_VENDOR[$d]}" "${SYS_DEVICE[$d]}" "$cls" "${SYS_DRIVER[$d]:-null}"
        "${SYS_GROUP[$d]:-null}" "${SYS_MEMBERS[${SYS_GROUP[$d]:-none}]:-}" "$bridge" "${SYS_SRIOV[$d]}")
    [ "$bridge" = any ] && wf[7]=${gf[7]:-}
    for i in "${!names[@]}"; do
      [ "${gf[i]:-}" = "${wf[i]}" ] || echo "$d: ${names[i]} is '${gf[i]:-}', sysfs says '${wf[i]}'"
    done
    unset "got[$d]"
  done
  for d in "${!got[@]}"; do echo "$d: listed but not in /sys/bus/pci/devices"; done
}

# list_check: `vpt list --json` follows the contract and agrees with sysfs about every device
list_check() {
  vpt_json list --json
  local errs
  errs=$(list_contract_errors "$OUT")
  [ -z "$errs" ] || { echo "$errs"; fail "contract: $(head -1 <<< "$errs") ($(wc -l <<< "$errs") problems)"; }
  errs=$(list_vs_sysfs "$OUT")
  [ -z "$errs" ] || { echo "$errs"; fail "$(head -1 <<< "$errs") ($(wc -l <<< "$errs") differences)"; }
}

list_json_contract() {
  vpt_json list --json
  local errs
  errs=$(list_contract_errors "$OUT")
  [ -z "$errs" ] || { echo "$errs"; fail "$(head -1 <<< "$errs") ($(wc -l <<< "$errs") problems)"; }
  local order
  order=$(jq -r '.devices[].address' "$OUT")
  [ "$order" = "$(sort <<< "$order")" ] || fail "devices are not sorted by address"
  [ -z "$(uniq -d <<< "$order")" ] || fail "duplicate addresses: $(uniq -d <<< "$order" | xargs)"
}

list_count_matches_sysfs() {
  vpt_json list --json
  expect_eq "number of devices" "$(jq '.devices | length' "$OUT")" "$(pci_devices | wc -l)"
}

list_matches_sysfs() { list_check; }

list_netdev_matches_sysfs() {
  vpt_json list --json
  local d got errs=()
  local -A nd
  while IFS=$'\x1f' read -r d got; do nd[$d]=$got; done < <(jq -r '.devices[] | "\(.address)\u001f\(.netdev // "null")"' "$OUT")
  sys_snapshot
  for d in "${SYS_ADDRS[@]}"; do
    got=${nd[$d]:-missing}
    if [ -z "${SYS_NETDEVS[$d]}" ]; then
      [ "$got" = null ] || errs+=("$d: netdev '$got', sysfs has no interface")
    elif ! [[ " ${SYS_NETDEVS[$d]} " == *" $got "* ]]; then
      errs+=("$d: netdev '$got', sysfs has: ${SYS_NETDEVS[$d]}")
    fi
  done
  [ ${#errs[@]} = 0 ] || { printf '%s\n' "${errs[@]}"; fail "${errs[0]} (${#errs[@]} differences)"; }
}

list_vendor_product_names() {
  vpt_json list --json
  local bad
  bad=$(jq -r '.devices[] | select(.vendor_id == "0x8086" and ((.vendor // "") | test("Intel") | not)) | .address' "$OUT")
  [ -z "$bad" ] || fail "Intel devices without an Intel vendor name: $(xargs <<< "$bad")"
  [ -n "$GRP_DEV" ] || return 0
  jq -e --arg a "$GRP_DEV" '.devices[] | select(.address == $a) | .product | strings | test("82540EM")' "$OUT" > /dev/null \
    || fail "$GRP_DEV (e1000, 8086:100e): product name does not mention 82540EM"
}

list_held_by_empty_without_guests() {
  [ -z "$($V list --all --name)" ] || skip "guests are defined: $($V list --all --name | xargs)"
  vpt_json list --json
  local held
  held=$(jq -r '.devices[] | select((.held_by | length) > 0) | .address' "$OUT")
  [ -z "$held" ] || fail "held_by is not empty without any guest: $(xargs <<< "$held")"
}

# held_by_of FILE ADDR: the device's held_by as compact JSON
held_by_of() { jq -c --arg a "$2" '.devices[] | select(.address == $a) | .held_by' "$1"; }

list_held_by_inactive_guest() {
  local d=${E1000E[1]:-} others
  [ -n "$d" ] || fail "no second e1000e"
  l2_domain_xml vpt-lab-holder /var/log/libvirt/qemu/vpt-lab-holder-serial.log "$d" > /tmp/holder.xml
  defer "$V undefine vpt-lab-holder >/dev/null 2>&1"
  $V define /tmp/holder.xml > /dev/null || fail "virsh define of the holder guest failed"
  vpt_json list --json
  jq -e --arg a "$d" '.devices[] | select(.address == $a) | .held_by | any(.guest == "vpt-lab-holder" and .active == false)' "$OUT" > /dev/null \
    || fail "$d: held_by is $(held_by_of "$OUT" "$d"), expected the inactive guest vpt-lab-holder"
  others=$(jq -r --arg a "$d" '.devices[] | select(.address != $a and any(.held_by[]; .guest == "vpt-lab-holder")) | .address' "$OUT")
  [ -z "$others" ] || fail "devices the guest does not hold say held_by vpt-lab-holder: $(xargs <<< "$others")"
}

# a running guest with a managed hostdev: held_by says active, and the driver is vfio-pci (as in sysfs).
# The guest need not boot a kernel for this: QEMU running is enough.
list_held_by_running_guest() {
  local d=${E1000E[1]:-}
  [ -n "$d" ] || fail "no second e1000e"
  l2_domain_xml vpt-lab-runner /var/log/libvirt/qemu/vpt-lab-runner-serial.log "$d" > /tmp/runner.xml
  defer "$V destroy vpt-lab-runner >/dev/null 2>&1; $V undefine vpt-lab-runner >/dev/null 2>&1; virsh_reattach $d 2>/dev/null"
  $V define /tmp/runner.xml > /dev/null || fail "virsh define failed"
  $V start vpt-lab-runner > /dev/null || fail "virsh start failed"
  wait_driver "$d" vfio-pci 10 || fail "libvirt did not bind vfio-pci to $d"
  vpt_json list --json
  jq -e --arg a "$d" '.devices[] | select(.address == $a) | .held_by | any(.guest == "vpt-lab-runner" and .active == true)' "$OUT" > /dev/null \
    || fail "$d: held_by is $(held_by_of "$OUT" "$d"), expected the running guest vpt-lab-runner"
  expect_eq "driver of $d" "$(jq -r --arg a "$d" '.devices[] | select(.address == $a) | .driver' "$OUT")" vfio-pci
}

list_after_virsh_detach() {
  local d=${E1000E[0]:-}
  [ -n "$d" ] || fail "no device on the e1000e driver"
  defer "virsh_reattach $d"
  virsh_detach "$d" || fail "virsh nodedev-detach $d did not bind vfio-pci"
  vpt_json list --json
  expect_eq "driver of $d after virsh nodedev-detach" \
    "$(jq -r --arg a "$d" '.devices[] | select(.address == $a) | .driver' "$OUT")" vfio-pci
  virsh_reattach "$d" || fail "virsh nodedev-reattach failed"
  wait_driver "$d" e1000e 10 || fail "$d not back on e1000e"
  vpt_json list --json
  expect_eq "driver of $d after virsh nodedev-reattach" \
    "$(jq -r --arg a "$d" '.devices[] | select(.address == $a) | .driver' "$OUT")" e1000e
}

# list_sriov PF: with 2 VFs enabled, the PF and each VF say so, matching virtfn*/physfn; and the whole list
# (now with the VFs) still agrees with sysfs
list_sriov() {
  local pf=$1 vf vfs
  defer "sriov_disable $pf"
  sriov_enable "$pf" 2 || fail "enabling 2 VFs on $pf failed (or libvirt did not see them)"
  vfs=$(sriov_vfs "$pf" | paste -sd,)
  vpt_json list --json
  expect_eq "$pf sriov" "$(jq -c --arg a "$pf" '.devices[] | select(.address == $a) | .sriov | if . == null then null else {role, max_vfs, vfs: (.vfs | sort)} end' "$OUT")" \
    "{\"role\":\"pf\",\"max_vfs\":$(sys_attr "$pf" sriov_totalvfs),\"vfs\":[$(sed 's/[^,]\+/"&"/g' <<< "$vfs")]}"
  for vf in ${vfs//,/ }; do
    expect_eq "physfn of $vf in sysfs" "$(basename "$(readlink "$SYS_PCI/$vf/physfn")")" "$pf"
    expect_eq "$vf sriov" "$(jq -c --arg a "$vf" '.devices[] | select(.address == $a) | .sriov | if . == null then null else {role, pf} end' "$OUT")" \
      "{\"role\":\"vf\",\"pf\":\"$pf\"}"
  done
  list_check
}
list_sriov_nvme() { [ -n "$NVME_PF" ] || fail "no NVMe SR-IOV PF"; list_sriov "$NVME_PF"; }
list_sriov_igb() {
  [ -n "$IGB_PF" ] || skip "no igb NIC in this lab (needs QEMU >= 8: VPT_LAB_IGB)"
  ip link set "$(ls "$SYS_PCI/$IGB_PF/net" | head -1)" up
  list_sriov "$IGB_PF"
}

# Least privilege: list and show open a read-only connection, so they work for a user whom libvirt's polkit
# policy denies a read-write one (as the oracle shows with virsh).
list_show_read_only() {
  local u=nobody
  ! runuser -u "$u" -- virsh -c qemu:///system nodedev-list > /dev/null 2>&1 \
    || skip "user $u may open read-write connections here; nothing to prove"
  runuser -u "$u" -- virsh -r -c qemu:///system nodedev-list > /dev/null 2>&1 || fail "oracle: virsh -r as $u fails"
  local p
  p=$(command -v "$VPT")
  (cd / && runuser -u "$u" -- "$p" -c "$VPT_URI" list --json > /tmp/ro-list.json 2> /tmp/ro-list.err) \
    || fail "vpt list --json as $u failed: $(head -1 /tmp/ro-list.err)"
  jq -e '.devices | length > 0' /tmp/ro-list.json > /dev/null || fail "vpt list --json as $u listed nothing"
  [ -z "$GRP_DEV" ] && return 0
  (cd / && runuser -u "$u" -- "$p" -c "$VPT_URI" show "$GRP_DEV" --json > /tmp/ro-show.json 2> /tmp/ro-show.err) \
    || fail "vpt show as $u failed: $(head -1 /tmp/ro-show.err)"
}

# =============================================================================================================
# vpt show
# =============================================================================================================
# the addresses of .group's members, sorted (.group: a list of device objects, or of addresses)
show_group_addrs() {
  jq -r --arg re "$ADDR_RE" '[.group | if type == "array" then .[] else (.members // .devices // empty)[] end
    | if type == "object" then .address elif type == "string" then . else empty end
    | select(type == "string" and test($re))] | unique | .[]' "$1"
}

show_bridge_group_not_viable() {
  [ -n "$GRP_DEV" ] || fail "no bridge group"
  vpt_json show "$GRP_DEV" --json
  local want got reasons m named=
  want=$(sys_group_members "$GRP")
  got=$(show_group_addrs "$OUT")
  [ "$got" = "$want" ] || fail "group: got [$(xargs <<< "$got")], sysfs group $GRP has [$(xargs <<< "$want")]"
  expect_eq "viable (e1000 members on e1000)" "$(jq -c '.viable' "$OUT")" false
  reasons=$(jq -r '[.reasons | .. | scalars | tostring] | join("\n")' "$OUT")
  [ -n "$reasons" ] || fail "not viable but no reasons"
  for m in "${E1000[@]}"; do
    grep -qF -e "$m" -e "$(short_addr "$m")" -e "$(nodedev_name "$m")" <<< "$reasons" && named=$m
  done
  [ -n "$named" ] || fail "reasons name no e1000 member: $(xargs <<< "$reasons")"
  grep -q e1000 <<< "$reasons" || fail "reasons do not name the driver e1000: $(xargs <<< "$reasons")"
}

show_viable_after_virsh_detach() {
  [ -n "$GRP_DEV" ] || fail "no bridge group"
  local m
  for m in "${E1000[@]}"; do
    defer "virsh_reattach $m"
    virsh_detach "$m" || fail "virsh nodedev-detach $m did not bind vfio-pci"
  done
  vpt_json show "$GRP_DEV" --json
  expect_eq "viable (every endpoint on vfio-pci, the bridge has no driver)" "$(jq -c '.viable' "$OUT")" true
}

# the three ways to name a device give the same answer (for a bridge-group member and a single-device group)
show_name_forms() {
  [ -n "$GRP_DEV" ] || fail "no bridge group"
  local dev form first
  for dev in "$GRP_DEV" ${E1000E[0]:-}; do
    first=
    for form in "$(nodedev_name "$dev")" "$dev" "$(short_addr "$dev")"; do
      vpt_json show "$form" --json
      if [ -z "$first" ]; then first=$(cat "$OUT"); continue; fi
      [ "$(cat "$OUT")" = "$first" ] || fail "vpt show $form --json differs from vpt show $(nodedev_name "$dev") --json"
    done
    show_group_addrs "$OUT" | grep -qx "$dev" || fail "vpt show $dev: its group does not contain $dev"
  done
}

show_unknown_device() {
  vpt_run show 0000:99:00.0
  [ "$RC" != 0 ] || fail "exit status 0 for a device that does not exist"
  [ "$RC" -lt 126 ] || fail "vpt died with status $RC"
  [ ! -s "$OUT" ] || fail "printed on stdout: $(head -c 200 "$OUT")"
  expect_eq "lines on stderr" "$(wc -l < "$ERR")" 1
}

show_malformed_address() {
  vpt_run show zz:zz.z
  expect_eq "exit status" "$RC" 2
  [ ! -s "$OUT" ] || fail "printed on stdout: $(head -c 200 "$OUT")"
  expect_eq "lines on stderr" "$(wc -l < "$ERR")" 1
}

# =============================================================================================================
echo "== lab sanity"
run_case lab-iommu-groups-populated      lab_iommu_groups
run_case lab-bridge-group-3-members      lab_bridge_group
run_case lab-nodedev-list-matches-sysfs  lab_nodedev_list
run_case lab-nodedev-iommu-group         lab_nodedev_iommu_group
run_case lab-virsh-detach-reattach       lab_virsh_detach_reattach
run_case lab-sriov-nvme-vfs              lab_sriov_nvme
run_case lab-sriov-igb-vfs               lab_sriov_igb
run_case lab-l2-guest-with-hostdev       lab_l2_guest_with_hostdev
run_case lab-vpt-binary-loads            vpt_binary_loads
echo "== vpt list"
run_case list-json-contract              list_json_contract
run_case list-count-matches-sysfs        list_count_matches_sysfs
run_case list-matches-sysfs              list_matches_sysfs
run_case list-netdev-matches-sysfs       list_netdev_matches_sysfs
run_case list-vendor-product-names       list_vendor_product_names
run_case list-held-by-empty              list_held_by_empty_without_guests
run_case list-held-by-inactive-guest     list_held_by_inactive_guest
run_case list-held-by-running-guest      list_held_by_running_guest
run_case list-driver-after-virsh-detach  list_after_virsh_detach
run_case list-sriov-nvme                 list_sriov_nvme
run_case list-sriov-igb                  list_sriov_igb
run_case list-show-read-only-connection  list_show_read_only
echo "== vpt show"
run_case show-bridge-group-not-viable    show_bridge_group_not_viable
run_case show-viable-after-virsh-detach  show_viable_after_virsh_detach
run_case show-name-forms                 show_name_forms
run_case show-unknown-device             show_unknown_device
run_case show-malformed-address          show_malformed_address
summary
