#!/bin/bash
# e2e.sh - the end-to-end suite. Runs INSIDE the lab guest as root, with vpt on PATH (guest-run.sh installs it).
#
# Every case runs the real vpt against qemu:///system and checks the outcome against the guest's sysfs and
# libvirt (virsh) - never against vpt's own word for it. The first cases ("lab-*") check the lab itself with
# plain virsh and sysfs, so a broken lab is told apart from a broken vpt.
#
# Output: one line per case ("PASS name (N ms)" / "FAIL name (N ms): why" / "SKIP name: why"), then
# "N passed, N failed, N skipped". Exit status 0 only if nothing failed.
# `e2e.sh --list` runs nothing, here or on the host: it prints "case NAME" (or "case NAME may-skip") for each case
# it would run with this VPT_LAB_CASES and VPT_LAB_CRASH, the stages after its reboots included (run.sh expects
# one result from each; LAB_HAS_PACKAGE=1 tells it that vpt comes as a package).
# Device addresses are discovered from sysfs (drivers, SR-IOV capabilities), IOMMU group numbers are always read
# at runtime: they change with the device set.
set -u
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
[ "${1:-}" = --list ] && { LAB_LIST=1; VPT_LAB_STAGE=; }
. "$HERE/lib.sh"
. "$HERE/crash.sh"

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
# what the lab itself runs on: never detach these for real
pci_of_path() { grep -oE '[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]' <<< "$1" | tail -1; }
ROOT_BLK=$(basename "$(readlink -f "$(findmnt -no SOURCE /)")")
ROOT_PCI=$(pci_of_path "$(readlink -f "/sys/class/block/$ROOT_BLK")")     # the root disk's controller (virtio-blk)
ROUTE_IF=$(ip -o route show default | awk '{print $5; exit}')
ROUTE_PCI=$([ -n "$ROUTE_IF" ] && pci_of_path "$(readlink -f "/sys/class/net/$ROUTE_IF/device")")  # virtio-net

[ "$LAB_LIST" = 1 ] || echo "== lab: $(pci_devices | wc -l) PCI devices, $(ls /sys/kernel/iommu_groups | wc -l) IOMMU groups;" \
     "bridge group ${GRP:-?} [$( [ -n "$GRP" ] && sys_group_members "$GRP" | xargs)]; e1000e ${E1000E[*]:-none};" \
     "NVMe PF ${NVME_PF:-none}; igb PF ${IGB_PF:-none}; / on $ROOT_BLK at ${ROOT_PCI:-?};" \
     "default route via ${ROUTE_IF:-none} at ${ROUTE_PCI:-?}; vpt $(command -v "$VPT" || echo missing)"

. "$HERE/persist.sh"
# after a reboot the suite goes on with the stage that asked for it (persist.sh), and only with it
case ${VPT_LAB_STAGE:-} in
  "") ;;
  persist-held) run_case persist-moved-after-reboot persist_moved_after_reboot 300
                run_case persist-held-after-reboot persist_held 600; summary; exit ;;
  persist-restored) run_case persist-restored-after-reboot persist_restored 300; summary; exit ;;
  *) echo "FAIL lab: unknown stage $VPT_LAB_STAGE"; exit 1 ;;
esac

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
  L2_LOG=$log l2_boot vpt-lab-l2
  wait_driver "$d" vfio-pci 10 || fail "$d not on vfio-pci while the guest runs"
  pid=$(cat /run/libvirt/qemu/vpt-lab-l2.pid) || fail "no QEMU pid for the guest"
  ls -l "/proc/$pid/fd" | grep -q "/dev/vfio/$g\$" || fail "the guest's QEMU does not hold /dev/vfio/$g open"
  grep -o 'VPT-L2-READY.*' "$log"
  $V destroy vpt-lab-l2 > /dev/null || fail "virsh destroy failed"
  wait_driver "$d" e1000e 10 || fail "$d not back on e1000e after the guest stopped"
}

# l2_virt: the domain type of nested guests: kvm when the lab has a /dev/kvm (nested on the emulated CPU)
l2_virt() { [ -n "${VPT_LAB_L2_VIRT:-}" ] && echo "$VPT_LAB_L2_VIRT" || { [ -c /dev/kvm ] && echo kvm || echo qemu; }; }

# l2_domain_xml NAME SERIAL_LOG [ADDR...]: a small nested guest (kernel + busybox initramfs, no disk) with a
# managed <hostdev> for each ADDR, and $L2_PORTS (default 3) pcie-root-ports for hot-plug
l2_domain_xml() {
  local name=$1 serial=$2 a hostdevs= ports= i
  shift 2
  for ((i = 0; i < ${L2_PORTS:-3}; i++)); do ports+="    <controller type='pci' model='pcie-root-port'/>
"; done
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
${ports}${hostdevs}    <serial type='file'><source path='$serial'/></serial>
    <memballoon model='none'/>
  </devices>
</domain>
EOF
}

# l2_define NAME [ADDR...]: define a nested guest (l2_domain_xml, $L2_PORTS root ports) that is destroyed and
# undefined when the case ends. Sets L2_LOG, its serial console log.
l2_define() {
  local name=$1
  shift
  L2_LOG=/var/log/libvirt/qemu/$name-serial.log
  rm -f "$L2_LOG"
  l2_domain_xml "$name" "$L2_LOG" "$@" > "/tmp/$name.xml"
  defer "$V destroy $name > /dev/null 2>&1; $V undefine $name > /dev/null 2>&1"
  $V define "/tmp/$name.xml" > /dev/null || fail "virsh define $name failed"
}
l2_start() { $V start "$1" > /dev/null || fail "virsh start $1 failed"; }
# l2_boot NAME: start the guest and wait for its kernel (l2_wait_ready). Nested KVM on the lab's emulated CPU
# now and then stalls a guest before its first line; such a guest gets one more start.
l2_boot() {
  local i
  l2_start "$1"
  for ((i = 0; i < 180; i++)); do grep -q VPT-L2-READY "$L2_LOG" 2> /dev/null && return 0; sleep 0.5; done
  echo "  the L2 kernel did not come up within 90 s: one more start"
  $V destroy "$1" > /dev/null 2>&1
  rm -f "$L2_LOG"
  l2_start "$1"
  l2_wait_ready 120
}
# l2_wait_ready [SECONDS]: the guest's kernel is up (it answers hot-plug and unplug from then on)
l2_wait_ready() {
  local i
  for ((i = 0; i < ${1:-120} * 2; i++)); do
    grep -q VPT-L2-READY "$L2_LOG" 2> /dev/null && { echo "  L2 kernel up after ~$((i / 2)) s"; return 0; }
    sleep 0.5
  done
  fail "the L2 kernel did not come up within ${1:-120} s ($(l2_virt))"
}
# qemu_holds_group NAME GROUP: the guest's QEMU has /dev/vfio/GROUP open
qemu_holds_group() {
  local pid
  pid=$(cat "/run/libvirt/qemu/$1.pid" 2> /dev/null) || return 1
  ls -l "/proc/$pid/fd" 2> /dev/null | grep -q "/dev/vfio/$2\$"
}
# virsh_events NAME LOG: `virsh event` prints NAME's events into LOG (until the case ends), and is listening when
# this returns: the description it sets on the running guest has come back as a metadata-change event
virsh_events() {
  local i
  stdbuf -oL $V event --domain "$1" --all --loop > "$2" 2>&1 &
  defer "kill $! 2> /dev/null"
  for ((i = 0; i < 100; i++)); do
    $V desc "$1" --live --new-desc "vpt-lab: listening $i" > /dev/null 2>&1
    grep -q "event 'metadata-change' for domain '$1'" "$2" && return 0
    sleep 0.2
  done
  fail "lab: virsh event printed no event of $1 within 20 s: $(head -c 200 "$2")"
}
# removed_aliases NAME LOG N: REMOVED, the sorted aliases of the device-removed events of NAME in LOG (virsh_events),
# once N of them came or 10 s passed
removed_aliases() {
  local i pattern="^event 'device-removed' for domain '$1': "
  for ((i = 0; i < 50; i++)); do [ "$(grep -c "$pattern" "$2")" -ge "$3" ] && break; sleep 0.2; done
  REMOVED=$(sed -n "s/$pattern//p" "$2" | sort | xargs)
  echo "  libvirt's device-removed events: ${REMOVED:-none}"
}
live_hostdevs() { $V dumpxml "$1" | hostdev_sources | xargs; }
config_hostdevs() { $V dumpxml --inactive "$1" | hostdev_sources | xargs; }

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

# The package (run.sh --deb), as guest-run.sh installed it with dpkg: the binary in /usr/bin, the man page, and
# the bash completion, which completes commands and, through this guest's libvirt, device addresses.
vpt_package_installed() {
  local comp=/usr/share/bash-completion/completions/vpt page=/usr/share/man/man1/vpt.1.gz got want
  [ -f "$HERE/vpt.deb" ] || skip "vpt came as a bare binary (run.sh --vpt), not as a package"
  expect_eq "dpkg status of vpt" "$(dpkg-query -W -f='${Status}' vpt 2>&1)" "install ok installed"
  dpkg -L vpt
  expect_eq "vpt on PATH" "$(command -v vpt)" /usr/bin/vpt
  got=$(/usr/bin/vpt --version) || fail "/usr/bin/vpt --version failed: $got"
  echo "$got"
  expect_eq "vpt --version's first line" "$(head -1 <<< "$got")" "vpt $(dpkg-query -W -f='${Version}' vpt)"
  if command -v man > /dev/null; then
    man vpt 2> /dev/null | grep -q 'safe PCI passthrough' || fail "man vpt does not show vpt's page"
  else
    echo "man-db is not in the image: the page is read with zcat"
    zcat "$page" | grep -q '^\.TH VPT 1 ' || fail "$page is not vpt(1)"
  fi
  # the page's version is the build's, the one vpt --version prints
  zcat "$page" | grep -m1 '^\.TH ' | grep -qF "\"vpt $(dpkg-query -W -f='${Version}' vpt)\"" ||
    fail "the man page's .TH does not name vpt $(dpkg-query -W -f='${Version}' vpt): $(zcat "$page" | grep -m1 '^\.TH ')"
  [ -f "$comp" ] || fail "no $comp"
  got=$(bash -c 'source "$1"; COMP_WORDS=(vpt li); COMP_CWORD=1; _vpt; echo "${COMPREPLY[*]}"' _ "$comp" 2>&1)
  expect_eq "bash completion of 'vpt li'" "$got" list
  got=$(bash -c 'source "$1"; COMP_WORDS=(vpt -c "$2" show 0000:00:1); COMP_CWORD=4; _vpt; printf "%s\n" "${COMPREPLY[@]}"' \
        _ "$comp" "$VPT_URI" 2>&1 | sort | xargs)
  want=$(pci_devices | grep '^0000:00:1' | xargs)
  expect_eq "bash completion of 'vpt show 0000:00:1' (the guest's addresses)" "$got" "$want"
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
# vpt check
# =============================================================================================================
# check_field ID FIELD: .status or .finding of the check ID in $OUT
check_field() { jq -r --arg id "$1" --arg f "$2" '.checks[] | select(.id == $id) | .[$f]' "$OUT"; }

check_host_ready() {
  vpt_json check --json
  expect_eq "ready" "$(jq -c .ready "$OUT")" true
  local ids want m
  ids=$(jq -r '[.checks[].id] | join(" ")' "$OUT")
  want="kernel cpu-virtualization kvm iommu-firmware iommu-cmdline iommu-active interrupt-remapping acs-override"
  want+=" vfio-modules boot-bindings libvirt qemu hostdev uefi-firmware memlock"
  expect_eq "check ids" "$ids" "$want"
  # each finding against the lab's own state
  [ -c /dev/kvm ] && expect_eq "kvm (/dev/kvm exists)" "$(check_field kvm status)" pass
  expect_eq "kernel" "$(check_field kernel status)" pass
  [ -e /sys/firmware/acpi/tables/DMAR ] || fail "lab: no ACPI DMAR table (the vIOMMU)"
  expect_eq "iommu-firmware (ACPI DMAR table)" "$(check_field iommu-firmware status)" pass
  check_field kernel finding | grep -qF "$(uname -r)" || fail "kernel finding does not name $(uname -r): $(check_field kernel finding)"
  grep -q 'IR-' /proc/interrupts || fail "lab: no IR- interrupts in /proc/interrupts (intremap=on?)"
  expect_eq "interrupt-remapping (IR- in /proc/interrupts)" "$(check_field interrupt-remapping status)" pass
  for m in vfio vfio_pci vfio_iommu_type1; do [ -d "/sys/module/$m" ] || fail "lab: module $m not loaded"; done
  expect_eq "vfio-modules (all in /sys/module)" "$(check_field vfio-modules status)" pass
  expect_eq "iommu-active" "$(check_field iommu-active status)" pass
  check_field iommu-active finding | grep -qw "$(ls /sys/kernel/iommu_groups | wc -l) IOMMU groups" \
    || fail "iommu-active: '$(check_field iommu-active finding)', sysfs has $(ls /sys/kernel/iommu_groups | wc -l) groups"
  for m in $(ls /sys/class/iommu); do
    check_field iommu-active finding | grep -qw "$m" || fail "iommu-active does not name $m: $(check_field iommu-active finding)"
  done
  grep -q pcie_acs_override /proc/cmdline || expect_eq "acs-override (none on the command line)" "$(check_field acs-override status)" pass
  check_field libvirt finding | grep -qF "$(virsh --version)" || fail "libvirt finding does not name $(virsh --version): $(check_field libvirt finding)"
  expect_eq "hostdev (q35/kvm with vfio)" "$(check_field hostdev status)" pass
  vpt_run check
  expect_eq "vpt check (text) exit status" "$RC" 0
}

check_device() {
  local d=${E1000E[0]:-} m
  [ -n "$d" ] || fail "no device on the e1000e driver"
  vpt_json check "$d" --json
  expect_eq "ready" "$(jq -c .ready "$OUT")" true
  expect_eq "device check ids" "$(jq -r '[.checks[].id | select(startswith("device-"))] | join(" ")' "$OUT")" \
    "device-group device-host-use device-reset device-sriov device-bars"
  check_field device-group finding | grep -qw "IOMMU group $(sys_group "$d")" \
    || fail "device-group does not name IOMMU group $(sys_group "$d"): $(check_field device-group finding)"
  expect_eq "device-host-use (no address, not the default route)" "$(check_field device-host-use status)" pass
  if [ -f "$SYS_PCI/$d/reset_method" ]; then
    for m in $(sys_attr "$d" reset_method); do
      check_field device-reset finding | grep -qw "$m" || fail "device-reset does not name '$m' (sysfs reset_method): $(check_field device-reset finding)"
    done
  fi
  [ -e "$SYS_PCI/$d/sriov_totalvfs" ] || expect_eq "device-sriov (no sriov_totalvfs)" "$(check_field device-sriov status)" skip
  [ -n "$NVME_PF" ] || return 0
  vpt_json check "$NVME_PF" --json
  expect_eq "device-sriov of the NVMe PF" "$(check_field device-sriov status)" pass
  check_field device-sriov finding | grep -qw "$(sys_attr "$NVME_PF" sriov_totalvfs)" \
    || fail "device-sriov does not name sriov_totalvfs $(sys_attr "$NVME_PF" sriov_totalvfs): $(check_field device-sriov finding)"
}

# =============================================================================================================
# vpt detach / reattach / recover (host changes)
# =============================================================================================================
# the bridge group's plan order: GRP_BRIDGE (left alone), then the endpoints FIRST and SECOND as vpt detaches them
GRP_BRIDGE=$(for m in $([ -n "$GRP" ] && sys_group_members "$GRP"); do sys_is_bridge "$m" && echo "$m"; done)
json_list() { printf '%s\n' "$@" | sort | jq -R . | jq -sc .; }     # json_list A B: ["A","B"] (sorted)
JOURNAL=/var/lib/vpt/journal.json

detach_bridge_group() {
  [ -n "$GRP_DEV" ] || fail "no bridge group"
  local m
  keep_drivers "${E1000[@]}"
  vpt_json detach "$GRP_DEV" --json
  expect_eq "result" "$(jq -r .result "$OUT")" done
  expect_eq "changed" "$(jq -c '.changed | sort' "$OUT")" "$(json_list "${E1000[@]}")"
  # synchronous: on vfio-pci the moment vpt returns
  for m in "${E1000[@]}"; do expect_eq "driver of $m after detach" "$(sys_driver "$m")" vfio-pci; done
  expect_eq "driver of the bridge $GRP_BRIDGE" "$(sys_driver "$GRP_BRIDGE")" ""
  expect_eq "members of group $GRP" "$(sys_group_members "$GRP" | xargs)" "$GRP_BRIDGE ${E1000[*]}"
  [ -c "/dev/vfio/$GRP" ] || fail "/dev/vfio/$GRP missing after detach"
  [ ! -e "$JOURNAL" ] || fail "$JOURNAL left behind after a completed detach"
  journalctl --sync 2> /dev/null || true   # the audit: the detach is in the system log, with its outcome
  journalctl -t vpt -o cat --since "-5min" | grep -q "^event=end op=detach target=.* outcome=ok user=root" \
    || fail "no audit line of the detach in journalctl -t vpt"
  vpt_json reattach "$GRP_DEV" --json
  expect_eq "reattach result" "$(jq -r .result "$OUT")" done
  expect_eq "reattach changed" "$(jq -c '.changed | sort' "$OUT")" "$(json_list "${E1000[@]}")"
  for m in "${E1000[@]}"; do wait_driver "$m" e1000 5 || fail "$m not back on e1000 after vpt reattach"; done
  expect_eq "driver of the bridge $GRP_BRIDGE" "$(sys_driver "$GRP_BRIDGE")" ""
  [ ! -e "$JOURNAL" ] || fail "$JOURNAL left behind after a completed reattach"
}

# every device's driver, one line (sys_snapshot: no forks)
all_drivers() { local a; sys_snapshot; for a in "${SYS_ADDRS[@]}"; do printf '%s=%s ' "$a" "${SYS_DRIVER[$a]:-}"; done; }

detach_dry_run() {
  [ -n "$GRP_DEV" ] || fail "no bridge group"
  local before
  keep_drivers "${E1000[@]}"
  before=$(all_drivers)
  vpt_json detach "$GRP_DEV" --dry-run --json
  expect_eq "drivers after --dry-run --json" "$(all_drivers)" "$before"
  expect_eq "result" "$(jq -r .result "$OUT")" planned
  expect_eq "detach steps" "$(jq -c '[.steps[] | select(.action == "detach") | .address] | sort' "$OUT")" "$(json_list "${E1000[@]}")"
  expect_eq "skip steps" "$(jq -c '[.steps[] | select(.action == "skip") | {address, reason}]' "$OUT")" \
    "[{\"address\":\"$GRP_BRIDGE\",\"reason\":\"bridge: left alone\"}]"
  expect_eq "number of steps" "$(jq '.steps | length' "$OUT")" 3
  expect_eq "host_use.force_needed" "$(jq -c .host_use.force_needed "$OUT")" false
  vpt_run detach "$GRP_DEV" --dry-run
  expect_eq "exit status (text)" "$RC" 0
  expect_eq "drivers after --dry-run" "$(all_drivers)" "$before"
  grep -q 'Dry run: nothing was changed' "$OUT" || fail "the text plan does not say 'Dry run: nothing was changed'"
  for m in "${E1000[@]}" "$GRP_BRIDGE"; do grep -qF "$m" "$OUT" || fail "the text plan does not list $m"; done
  [ ! -e "$JOURNAL" ] || fail "a dry run wrote $JOURNAL"
}

# plan_order: FIRST and SECOND, the endpoints in the order vpt's plan detaches them
plan_order() {
  vpt_json detach "$GRP_DEV" --dry-run --json
  read -r FIRST SECOND < <(jq -r '[.steps[] | select(.action == "detach") | .address] | join(" ")' "$OUT")
  [ -n "$FIRST" ] && [ -n "$SECOND" ] || fail "the plan has not two endpoints to detach"
}
# bring_back ADDR: a device removed from the bus comes back (rescan) on its driver and in libvirt's list
bring_back() {
  local i
  [ -e "$SYS_PCI/$1" ] || echo 1 > /sys/bus/pci/rescan
  udevadm settle -t 10
  wait_driver "$1" e1000 30 || return 1
  for ((i = 0; i < 40; i++)); do $V nodedev-list --cap pci | grep -qx "$(nodedev_name "$1")" && return 0; sleep 0.25; done
  echo "$(nodedev_name "$1") is not in virsh nodedev-list --cap pci after the rescan"
  return 1
}

# detach_stopped JOURNAL ARGS...: start `vpt detach GRP_DEV ARGS` in the background (BG_PID) and stop it while it
# works on FIRST, before SECOND starts. A busy machine may let vpt slip past: such a run is let finish, undone,
# and tried again (3 tries).
detach_stopped() {
  local j=$1 try
  shift
  for try in 1 2 3; do
    vpt_bg detach "$GRP_DEV" "$@"
    vpt_stop_at "$BG_PID" "$j" "$FIRST" && return 0
    undo_missed_try "$j"
  done
  fail "could not stop vpt while it detached $FIRST (3 tries)"
}
undo_missed_try() {
  local m
  kill -CONT "$BG_PID" 2> /dev/null
  vpt_bg_wait "$BG_PID"
  echo "  missed the moment; undoing this try"
  if [ -e "$1" ]; then "$VPT" -c "$VPT_URI" recover > /dev/null; fi
  "$VPT" -c "$VPT_URI" reattach "$GRP_DEV" > /dev/null
  for m in "${E1000[@]}"; do wait_driver "$m" e1000 10 || fail "$m not back on e1000 after an undone try"; done
}

# A member that fails mid-group: vpt is stopped (SIGSTOP) as soon as it starts on FIRST, SECOND is removed from
# the bus, vpt continues and cannot detach SECOND: FIRST must be put back, and the result says so.
detach_failure_rolls_back() {
  [ -n "$GRP_DEV" ] || fail "no bridge group"
  export VPT_STATE_DIR=$CASE_DIR/state-$CASE_NAME
  local j=$VPT_STATE_DIR/journal.json
  keep_drivers "${E1000[@]}"
  plan_order
  defer "bring_back $SECOND"
  detach_stopped "$j" --json
  defer "kill -CONT $BG_PID 2> /dev/null"
  echo 1 > "$SYS_PCI/$SECOND/remove"
  [ ! -e "$SYS_PCI/$SECOND" ] || fail "lab: $SECOND still on the bus after remove"
  kill -CONT "$BG_PID"
  vpt_bg_wait "$BG_PID"
  cat "$BG_ERR"
  expect_eq "exit status" "$BG_RC" 1
  jq -e . "$BG_OUT" > /dev/null || fail "no JSON result: $(head -c 200 "$BG_OUT")"
  expect_eq "result" "$(jq -r .result "$BG_OUT")" rolled-back
  expect_eq "changed" "$(jq -c .changed "$BG_OUT")" "[\"$FIRST\"]"
  expect_eq "restored" "$(jq -c .restored "$BG_OUT")" "[\"$FIRST\"]"
  expect_eq "not_restored" "$(jq -c .not_restored "$BG_OUT")" "[]"
  jq -r .error "$BG_OUT" | grep -qE "$SECOND|$(nodedev_name "$SECOND")" || fail "error does not name $SECOND: $(jq -r .error "$BG_OUT")"
  expect_eq "lines on stderr" "$(wc -l < "$BG_ERR")" 1
  grep -q 'every change was undone' "$BG_ERR" || fail "stderr does not say every change was undone: $(cat "$BG_ERR")"
  expect_eq "driver of $FIRST (rolled back)" "$(sys_driver "$FIRST")" e1000
  [ ! -e "$j" ] || fail "journal left behind after a complete rollback: $(jq -c '[.steps[].state]' "$j")"
  bring_back "$SECOND" || fail "$SECOND did not come back after the rescan"
  expect_eq "group of $SECOND after the rescan" "$(sys_group "$SECOND")" "$GRP"
}

# detach_killed: start `vpt detach GRP_DEV`, stop it right after FIRST's step is applied (SECOND still pending)
# and kill -9 it there
detach_killed() {
  local j=$VPT_STATE_DIR/journal.json try
  for try in 1 2 3; do
    detach_stopped "$j"
    wait_driver "$FIRST" vfio-pci 10 || { kill -KILL "$BG_PID"; fail "$FIRST did not reach vfio-pci"; }
    vpt_step_to "$BG_PID" "$j" "$FIRST" applied && break
    [ $try = 3 ] && { kill -KILL "$BG_PID"; fail "could not stop vpt between its steps (3 tries)"; }
    undo_missed_try "$j"
  done
  kill -KILL "$BG_PID"
  wait "$BG_PID" 2> /dev/null
  expect_eq "journal after kill -9" "$(journal_state "$j" "$FIRST") $(journal_state "$j" "$SECOND")" "applied pending"
  expect_eq "drivers after kill -9" "$(drivers "$FIRST" "$SECOND")" "$FIRST=vfio-pci $SECOND=e1000 "
}

detach_kill9_recover() {
  [ -n "$GRP_DEV" ] || fail "no bridge group"
  local other=${E1000E[0]:-} j
  [ -n "$other" ] || fail "no e1000e device"
  export VPT_STATE_DIR=$CASE_DIR/state-$CASE_NAME
  j=$VPT_STATE_DIR/journal.json
  keep_drivers "${E1000[@]}" "$other"
  defer "[ -e $j ] && $VPT recover"
  plan_order
  # 1. killed half-way, then undone
  detach_killed
  vpt_run list
  expect_eq "vpt list exit status with an unfinished operation" "$RC" 0
  grep -q "unfinished 'detach'" "$ERR" && grep -q "undo it with 'vpt -c $VPT_URI recover'" "$ERR" || fail "vpt list does not warn about the unfinished detach: $(head -1 "$ERR")"
  vpt_run detach "$other"
  expect_refused "vpt detach $other with an unfinished operation" "undo it with 'vpt -c $VPT_URI recover'.*then run this again"
  expect_eq "driver of $other" "$(sys_driver "$other")" e1000e
  vpt_json recover --dry-run --json
  expect_eq "recover --dry-run result" "$(jq -r .result "$OUT")" planned
  expect_eq "recover --dry-run mode" "$(jq -r .mode "$OUT")" undo
  expect_eq "recover --dry-run steps" "$(jq -r --arg a "$FIRST" '.steps[] | select(.address == $a) | .state' "$OUT")" applied
  [ -e "$j" ] || fail "recover --dry-run removed the journal"
  expect_eq "drivers after recover --dry-run" "$(drivers "$FIRST" "$SECOND")" "$FIRST=vfio-pci $SECOND=e1000 "
  vpt_json recover --json
  expect_eq "recover result" "$(jq -r .result "$OUT")" recovered
  expect_eq "drivers after recover" "$(drivers "$FIRST" "$SECOND")" "$FIRST=e1000 $SECOND=e1000 "
  [ ! -e "$j" ] || fail "the journal is still there after recover"
  # 2. killed half-way, then completed
  detach_killed
  vpt_json recover --complete --json
  expect_eq "recover --complete result" "$(jq -r .result "$OUT")" recovered
  expect_eq "recover --complete mode" "$(jq -r .mode "$OUT")" complete
  expect_eq "drivers after recover --complete" "$(drivers "$FIRST" "$SECOND")" "$FIRST=vfio-pci $SECOND=vfio-pci "
  [ ! -e "$j" ] || fail "the journal is still there after recover --complete"
  vpt_json recover --json
  expect_eq "recover with nothing to recover" "$(jq -r .result "$OUT")" nothing-to-recover
  vpt_json reattach "$GRP_DEV" --json
  expect_eq "drivers after reattach" "$(drivers "$FIRST" "$SECOND")" "$FIRST=e1000 $SECOND=e1000 "
}

# Two `vpt detach` of the same group at once: the second waits for the first's lock, then finds nothing to do.
# Round 1 makes the overlap certain (the first is held in the middle of its run); round 2 starts both together.
detach_concurrent() {
  [ -n "$GRP_DEV" ] || fail "no bridge group"
  local a aout aerr b bout berr i results
  keep_drivers "${E1000[@]}"
  [ ! -e "$JOURNAL" ] || fail "lab: $JOURNAL exists before the case"
  plan_order
  vpt_bg detach "$GRP_DEV" --json; a=$BG_PID aout=$BG_OUT aerr=$BG_ERR
  defer "kill -CONT $a 2> /dev/null"
  # stopped at any step it holds the lock: being late (2) does not matter here
  vpt_stop_at "$a" "$JOURNAL" "$FIRST" || [ $? = 2 ] || fail "could not hold the first vpt in the middle of its run"
  vpt_bg detach "$GRP_DEV" --json; b=$BG_PID bout=$BG_OUT berr=$BG_ERR
  for ((i = 0; i < 100; i++)); do grep -q 'another vpt is changing this host; waiting' "$berr" && break; sleep 0.1; done
  grep -q 'another vpt is changing this host; waiting' "$berr" || fail "the second vpt does not say it waits: $(head -1 "$berr")"
  kill -0 "$b" 2> /dev/null || fail "the second vpt did not wait for the first"
  kill -CONT "$a"
  vpt_bg_wait "$a"; expect_eq "first vpt exit status" "$BG_RC" 0
  vpt_bg_wait "$b"; expect_eq "second vpt exit status" "$BG_RC" 0
  expect_eq "first result" "$(jq -r .result "$aout") $(jq -c '.changed | sort' "$aout")" "done $(json_list "${E1000[@]}")"
  expect_eq "second result" "$(jq -r .result "$bout")" nothing-to-do
  expect_eq "drivers" "$(drivers "${E1000[@]}")" "$(printf '%s=vfio-pci ' "${E1000[@]}")"
  [ ! -e "$JOURNAL" ] || fail "journal left behind"
  vpt_json reattach "$GRP_DEV" --json
  # round 2: both at once
  vpt_bg detach "$GRP_DEV" --json; a=$BG_PID aout=$BG_OUT aerr=$BG_ERR
  vpt_bg detach "$GRP_DEV" --json; b=$BG_PID bout=$BG_OUT berr=$BG_ERR
  vpt_bg_wait "$a"; expect_eq "exit status" "$BG_RC" 0
  vpt_bg_wait "$b"; expect_eq "exit status" "$BG_RC" 0
  results=$(printf '%s\n' "$(jq -r '"\(.result) \(.changed // [] | length)"' "$aout")" "$(jq -r '"\(.result) \(.changed // [] | length)"' "$bout")" | sort | xargs)
  expect_eq "results of two simultaneous runs" "$results" "done 2 nothing-to-do 0"
  echo "waiting message: $(cat "$aerr" "$berr" | grep -c 'waiting') time(s)"
  expect_eq "drivers" "$(drivers "${E1000[@]}")" "$(printf '%s=vfio-pci ' "${E1000[@]}")"
  [ ! -e "$JOURNAL" ] || fail "journal left behind"
  vpt_json reattach "$GRP_DEV" --json
}

# host_use_refused DEV WHAT PATTERN: the guard refuses DEV. The dry run must show it first: the real command is
# only run when vpt's plan says it needs --force, since detaching these devices would cut the lab off.
host_use_refused() {
  local d=$1 what=$2 pat=$3 before
  before=$(all_drivers)
  defer "restore_driver $d '$(sys_driver "$d")'"
  # a dry run the guard refuses shows the plan, then exits 1 as the real run would
  vpt_run detach "$d" --dry-run --json
  expect_eq "exit status of the dry run" "$RC" 1
  jq -e . "$OUT" > /dev/null 2>&1 || fail "vpt detach $d --dry-run --json did not print its plan: $(head -c 200 "$OUT")"
  expect_eq "dry run result" "$(jq -r .result "$OUT")" refused
  jq -c .host_use "$OUT"
  expect_eq "host_use.checked" "$(jq -c .host_use.checked "$OUT")" true
  jq -e '.host_use.force_needed == true' "$OUT" > /dev/null \
    || fail "vpt detach $d --dry-run: force_needed is false: the guard does not see that $what (not running the real detach: it would cut the lab off)"
  jq -r '.host_use.uses[].reason' "$OUT" | grep -qiE -- "$pat" || fail "host_use does not say $what: $(jq -c .host_use.uses "$OUT")"
  vpt_run detach "$d"
  expect_refused "vpt detach $d" "$pat"
  grep -q -- '--force' "$ERR" || fail "the refusal does not mention --force: $(cat "$ERR")"
  expect_eq "drivers after the refusal" "$(all_drivers)" "$before"
}
host_use_root_disk() {
  [ -n "$ROOT_PCI" ] || fail "lab: cannot find the PCI device of the root disk"
  host_use_refused "$ROOT_PCI" "$ROOT_BLK (below $ROOT_PCI) is mounted on /" "$ROOT_BLK.*mounted on /"
  # assign runs the same guard: libvirt would take the disk from the host when the guest starts
  l2_define vpt-lab-guard
  vpt_run assign vpt-lab-guard "$ROOT_PCI" --config
  expect_refused "vpt assign vpt-lab-guard $ROOT_PCI --config" "$ROOT_BLK.*mounted on /.*--force"
  expect_eq "config hostdevs after the refusal" "$(config_hostdevs vpt-lab-guard)" ""
}
host_use_default_route() {
  [ -n "$ROUTE_PCI" ] || fail "lab: no default route through a PCI NIC"
  host_use_refused "$ROUTE_PCI" "$ROUTE_IF (below $ROUTE_PCI) carries the default route" "$ROUTE_IF.*default route"
}
# a disk nothing mounts, but that a program holds open for exclusive use (as ZFS holds its vdevs): the kernel
# says it is busy, and vpt refuses
host_use_exclusive_open() {
  local blk c d="" holder
  # the namespace of the NVMe with serial vptnvme0001; with native multipath it sits under a virtual
  # nvme-subsystem, not below its controller (the guard must find it all the same)
  for blk in $(ls /sys/class/block | grep -E '^nvme[0-9]+n[0-9]+$'); do
    [ "$(xargs < "/sys/class/block/$blk/device/serial")" = vptnvme0001 ] && break
    blk=""
  done
  for c in /sys/class/nvme/*; do
    [ "$(xargs < "$c/serial")" = vptnvme0001 ] && d=$(basename "$(readlink -f "$c/device")")
  done
  [ -n "$blk" ] && [ -n "$d" ] || fail "lab: no namespace on the NVMe vptnvme0001 (device '$d', namespace '$blk')"
  perl -MFcntl -e 'sysopen(my $f, $ARGV[0], O_RDONLY | O_EXCL) or die "$!\n"; sleep 300' "/dev/$blk" &
  holder=$!
  defer "kill $holder 2> /dev/null"
  sleep 0.5
  kill -0 "$holder" 2> /dev/null || fail "lab: perl could not open /dev/$blk for exclusive use"
  host_use_refused "$d" "/dev/$blk is open for exclusive use" "$blk is open for exclusive use"
  kill "$holder" 2> /dev/null
  wait "$holder" 2> /dev/null
  vpt_json detach "$d" --dry-run --json
  expect_eq "force_needed once nothing holds /dev/$blk" "$(jq -c .host_use.force_needed "$OUT")" false
}
# --force on something harmless: an e1000e with a TEST-NET address (never used for traffic; the link is down)
host_use_force() {
  local d=${E1000E[0]:-} ifc
  [ -n "$d" ] || fail "no e1000e device"
  ifc=$(ls "$SYS_PCI/$d/net" | head -1)
  [ -n "$ifc" ] || fail "lab: $d has no interface"
  keep_drivers "$d"
  defer "ip addr del 192.0.2.1/24 dev $ifc 2> /dev/null"
  ip addr add 192.0.2.1/24 dev "$ifc" || fail "ip addr add failed"
  vpt_run detach "$d"
  expect_refused "vpt detach $d (with 192.0.2.1 on $ifc)" "$ifc.*192\.0\.2\.1"
  expect_eq "driver of $d after the refusal" "$(sys_driver "$d")" e1000e
  vpt_json detach "$d" --force --json
  expect_eq "result with --force" "$(jq -r .result "$OUT")" done
  grep -q -- '--force' "$ERR" || fail "no warning about what --force overrides on stderr"
  expect_eq "driver of $d after --force" "$(sys_driver "$d")" vfio-pci
  vpt_json reattach "$d" --json
  wait_driver "$d" e1000e 5 || fail "$d not back on e1000e"
}

reattach_held_by_guest() {
  local d=${E1000E[1]:-} name=vpt-lab-hold
  [ -n "$d" ] || fail "no second e1000e"
  keep_drivers "$d"
  l2_define "$name" "$d"
  l2_start "$name"
  wait_driver "$d" vfio-pci 10 || fail "libvirt did not bind vfio-pci to $d"
  vpt_run reattach "$d"
  expect_refused "vpt reattach $d while $name runs" "running guest '$name'"
  expect_eq "driver of $d after the refusal" "$(sys_driver "$d")" vfio-pci
  qemu_holds_group "$name" "$(sys_group "$d")" || fail "the guest's QEMU lost /dev/vfio/$(sys_group "$d")"
  $V destroy "$name" > /dev/null || fail "virsh destroy failed"
  wait_driver "$d" e1000e 10 || fail "$d not back on e1000e after the guest stopped"
  # only in a shut-off guest's config: a warning
  vpt_json detach "$d" --json
  expect_eq "driver of $d" "$(sys_driver "$d")" vfio-pci
  vpt_json reattach "$d" --json
  expect_eq "reattach result" "$(jq -r .result "$OUT")" done
  jq -r '.warnings[]' "$OUT" | grep -q "shut-off guest '$name'" || fail "no warning about the shut-off guest: $(jq -c .warnings "$OUT")"
  wait_driver "$d" e1000e 5 || fail "$d not back on e1000e after vpt reattach"
}

# =============================================================================================================
# vpt reset
# =============================================================================================================
# the kernel's reset methods of ADDR (sysfs reset_method), each named in the reason of its step in the plan
reset_plan_names_methods() {
  local m reason
  vpt_run reset "$1" --dry-run --json     # exit 1 while a host driver holds it: the plan is printed all the same
  reason=$(jq -r --arg a "$1" '.steps[] | select(.address == $a) | .reason' "$OUT")
  [ -n "$reason" ] || fail "no step for $1 in the reset plan: $(head -c 300 "$OUT")"
  for m in $(sys_attr "$1" reset_method); do
    grep -qw -- "$m" <<< "$reason" || fail "the reset plan of $1 does not name '$m' (sysfs reset_method): $reason"
  done
  # show reports the kernel's list as it is, in its order
  vpt_json show "$1" --json
  expect_eq "show: reset methods of $1" "$(jq -r '.device.reset.methods | join(" ")' "$OUT")" "$(sys_attr "$1" reset_method)"
}

reset_e1000e() {
  local d=${E1000E[1]:-${E1000E[0]:-}} nvme filters outputs
  [ -n "$d" ] || fail "no device on the e1000e driver"
  keep_drivers "$d"
  reset_plan_names_methods "$d"
  nvme=$(for a in $(devs_with_driver nvme); do [ "$a" != "$NVME_PF" ] && echo "$a"; done | head -1)
  [ -z "$nvme" ] || reset_plan_names_methods "$nvme"
  vpt_run reset "$d"
  expect_refused "reset of $d on e1000e" "host driver e1000e.*'vpt detach"
  # libvirt leaves a vfio-pci device to vfio-pci: without a driver, libvirt resets it itself
  vpt_json detach "$d" --json
  echo "$d" > /sys/bus/pci/drivers/vfio-pci/unbind
  expect_eq "driver of $d before the reset" "$(sys_driver "$d")" ""
  # libvirt's PCI code logs the reset at debug level only: turned on for this case
  filters=$(virt-admin daemon-log-filters | sed -n 's/^ *Logging filters: *//p')
  outputs=$(virt-admin daemon-log-outputs | sed -n 's/^ *Logging outputs: *//p')
  defer "virt-admin daemon-log-filters '$filters'; virt-admin daemon-log-outputs '$outputs'"
  virt-admin daemon-log-filters "1:util.pci" > /dev/null && virt-admin daemon-log-outputs "1:journald" > /dev/null \
    || fail "virt-admin could not turn on libvirt's debug log of util.pci"
  local since; since=$(date '+%Y-%m-%d %H:%M:%S')
  vpt_json reset "$d" --json
  expect_eq "reset result" "$(jq -r .result "$OUT")" done
  expect_eq "verified" "$(jq -c '[.verified[] | {address, answers}]' "$OUT")" "[{\"address\":\"$d\",\"answers\":true}]"
  expect_eq "vendor:device in config space" "$(od -An -tx2 -N4 "$SYS_PCI/$d/config" | xargs)" "8086 10d3"
  # the lab's e1000e has only "pm" in reset_method, and FLR makes libvirt skip a device: a PM reset it is
  journalctl --sync 2> /dev/null || true
  journalctl --since "$since" -o cat | grep -q "$d: doing a power management reset" \
    || fail "no '$d: doing a power management reset' from libvirt in the journal since $since (reset_method: $(sys_attr "$d" reset_method))"
  vpt_json reattach "$d" --json
  wait_driver "$d" e1000e 10 || fail "$d not back on e1000e after the reset"
  ls "$SYS_PCI/$d/net" > /dev/null 2>&1 || fail "no netdev for $d after the reset and reattach"
}

# =============================================================================================================
# vpt assign / unassign / prepare (guest changes, on nested L2 guests)
# =============================================================================================================
assign_unassign_live() {
  local d=${E1000E[0]:-} name=vpt-lab-live g i
  [ -n "$d" ] || fail "no e1000e device"
  g=$(sys_group "$d")
  keep_drivers "$d"
  l2_define "$name"
  l2_boot "$name"
  # --live: the running guest only
  vpt_json assign "$name" "$d" --live --json
  expect_eq "assign --live: result, config, live" "$(jq -r '"\(.result) \(.config) \(.live)"' "$OUT")" "done false true"
  expect_eq "live hostdevs" "$(live_hostdevs "$name")" "$d"
  expect_eq "config hostdevs (--live only)" "$(config_hostdevs "$name")" ""
  expect_eq "driver of $d" "$(sys_driver "$d")" vfio-pci
  qemu_holds_group "$name" "$g" || fail "the guest's QEMU does not hold /dev/vfio/$g open"
  vpt_json unassign "$name" "$d" --live --json
  # no sleep: vpt waited for the guest to let go
  expect_eq "live hostdevs right after unassign" "$(live_hostdevs "$name")" ""
  expect_eq "live_removal" "$(jq -c .live_removal "$OUT")" "[{\"address\":\"$d\",\"released\":true}]"
  wait_driver "$d" e1000e 10 || fail "$d not back on e1000e after the unplug (managed)"
  for ((i = 0; i < 20; i++)); do qemu_holds_group "$name" "$g" || break; sleep 0.25; done
  ! qemu_holds_group "$name" "$g" || fail "QEMU still holds /dev/vfio/$g after the unplug"
  # the default: config and running guest
  vpt_json assign "$name" "$d" --json
  expect_eq "assign: result, config, live" "$(jq -r '"\(.result) \(.config) \(.live) \(.verified)"' "$OUT")" "done true true true"
  expect_eq "live hostdevs" "$(live_hostdevs "$name")" "$d"
  expect_eq "config hostdevs" "$(config_hostdevs "$name")" "$d"
  qemu_holds_group "$name" "$g" || fail "the guest's QEMU does not hold /dev/vfio/$g open"
  vpt_json unassign "$name" "$d" --json
  expect_eq "live hostdevs after unassign" "$(live_hostdevs "$name")" ""
  expect_eq "config hostdevs after unassign" "$(config_hostdevs "$name")" ""
  wait_driver "$d" e1000e 10 || fail "$d not back on e1000e"
}

# A guest that never answers the unplug (paused, so its kernel cannot): the live half fails after --timeout and
# the config half, already done, is undone: the guest keeps the device in both, and vpt says so in one line
unassign_unanswered() {
  local d=${E1000E[0]:-} name=vpt-lab-paused
  [ -n "$d" ] || fail "no e1000e device"
  keep_drivers "$d"
  l2_define "$name" "$d"
  $V start "$name" --paused > /dev/null || fail "virsh start --paused failed"
  wait_driver "$d" vfio-pci 10 || fail "libvirt did not bind vfio-pci to $d"
  local t0 took
  t0=$(now_ms)
  vpt_run unassign "$name" "$d" --timeout 3 --json
  took=$(( $(now_ms) - t0 ))
  expect_eq "exit status" "$RC" 1
  # stderr is no terminal here: one progress line when the wait begins, then the failure
  expect_eq "lines on stderr" "$(wc -l < "$ERR")" 2
  expect_eq "progress line" "$(head -1 "$ERR")" "vpt: waiting for guest '$name' to release 1 of 1 device, 3 s left"
  tail -1 "$ERR" | grep -q "did not release $d within 3 s.*every change was undone" \
    || fail "stderr does not say the unplug timed out and every change was undone: $(cat "$ERR")"
  # the qemu driver's own wait inside the detach call (5 s), then vpt's 3 s
  [ "$took" -ge 3000 ] && [ "$took" -lt 15000 ] || fail "the unanswered unplug took $took ms (timeout 3 s)"
  vpt_run -q unassign "$name" "$d" --timeout 1 --json
  expect_eq "-q: exit status" "$RC" 1
  expect_eq "-q: no progress line" "$(grep -c 'waiting for guest' "$ERR")" 0
  expect_eq "result" "$(jq -r .result "$OUT")" rolled-back
  expect_eq "live_removal" "$(jq -c .live_removal "$OUT")" "[{\"address\":\"$d\",\"released\":false}]"
  expect_eq "config hostdevs (restored)" "$(config_hostdevs "$name")" "$d"
  expect_eq "live hostdevs" "$(live_hostdevs "$name")" "$d"
  expect_eq "driver of $d" "$(sys_driver "$d")" vfio-pci
  [ ! -e "$JOURNAL" ] || fail "a journal is left after a complete rollback"
}

# the other endpoint of the bridge group, beside GRP_DEV
grp_other() { printf '%s\n' "${E1000[@]}" | grep -vx "$GRP_DEV"; }
# expect_placeholder NAME ADDR [--inactive]: ADDR's <hostdev> in the guest's XML has <address type='unassigned'/>
expect_placeholder() {
  $V dumpxml ${3:-} "$1" | hostdev_block "$2" | grep -q "<address type='unassigned'/>" \
    || fail "the companion $2 is not <address type='unassigned'/>: $($V dumpxml ${3:-} "$1" | hostdev_block "$2" | xargs)"
}

# config-only assign of one bridge-group endpoint: the other comes along as an invisible placeholder, and the
# guest's start takes the whole group
assign_group_config() {
  [ -n "$GRP_DEV" ] || fail "no bridge group"
  local name=vpt-lab-grp other m
  other=$(grp_other)
  keep_drivers "${E1000[@]}"
  l2_define "$name"
  vpt_json assign "$name" "$GRP_DEV" --config --json
  expect_eq "result, config, live, verified" "$(jq -r '"\(.result) \(.config) \(.live) \(.verified)"' "$OUT")" "done true false true"
  expect_eq "companions" "$(jq -r '[.devices[] | select(.companion) | .address] | join(" ")' "$OUT")" "$other"
  expect_eq "config hostdevs" "$(config_hostdevs "$name")" "${E1000[*]}"
  expect_placeholder "$name" "$other" --inactive
  ! $V dumpxml --inactive "$name" | hostdev_block "$GRP_DEV" | grep -q "type='unassigned'" || fail "$GRP_DEV itself is unassigned"
  expect_eq "drivers (config only)" "$(drivers "${E1000[@]}")" "$(printf '%s=e1000 ' "${E1000[@]}")"
  l2_start "$name"
  expect_eq "drivers while the guest runs" "$(drivers "${E1000[@]}")" "$(printf '%s=vfio-pci ' "${E1000[@]}")"
  qemu_holds_group "$name" "$GRP" || fail "the guest's QEMU does not hold /dev/vfio/$GRP open"
  $V destroy "$name" > /dev/null || fail "virsh destroy failed"
  for m in "${E1000[@]}"; do wait_driver "$m" e1000 10 || fail "$m not back on e1000 after the guest stopped"; done
}

# live assign of one bridge-group endpoint (conventional PCI e1000s) to a running guest: refused up front while
# the guest has no PCI bridge slot for them; `vpt prepare --pci-bridge` gives it one from its next start; then the
# other endpoint is hot-plugged first as an invisible placeholder, QEMU takes the whole group, and unassign --live
# gives all of it back
assign_group_live() {
  [ -n "$GRP_DEV" ] || fail "no bridge group"
  local name=vpt-lab-grplive other m
  other=$(grp_other)
  keep_drivers "${E1000[@]}"
  l2_define "$name"
  l2_start "$name"
  vpt_run assign "$name" "$GRP_DEV" --live
  expect_refused "vpt assign $name $GRP_DEV --live (no PCI bridge)" "pcie-to-pci-bridge.*vpt prepare $name --pci-bridge"
  expect_eq "live hostdevs after the refusal" "$(live_hostdevs "$name")" ""
  expect_eq "drivers after the refusal" "$(drivers "${E1000[@]}")" "$(printf '%s=e1000 ' "${E1000[@]}")"
  vpt_json prepare "$name" --pci-bridge --config --json
  expect_eq "prepare --pci-bridge: result" "$(jq -r .result "$OUT")" done
  $V dumpxml --inactive "$name" | grep -q "model='pcie-to-pci-bridge'" || fail "no pcie-to-pci-bridge in the config"
  $V destroy "$name" > /dev/null
  l2_boot "$name"
  vpt_json assign "$name" "$GRP_DEV" --live --json
  expect_eq "result, config, live" "$(jq -r '"\(.result) \(.config) \(.live)"' "$OUT")" "done false true"
  expect_eq "companions" "$(jq -r '[.devices[] | select(.companion) | .address] | join(" ")' "$OUT")" "$other"
  expect_eq "live hostdevs" "$(live_hostdevs "$name")" "${E1000[*]}"
  expect_eq "config hostdevs (--live only)" "$(config_hostdevs "$name")" ""
  expect_placeholder "$name" "$other"
  expect_eq "drivers while assigned" "$(drivers "${E1000[@]}")" "$(printf '%s=vfio-pci ' "${E1000[@]}")"
  qemu_holds_group "$name" "$GRP" || fail "the guest's QEMU does not hold /dev/vfio/$GRP open"
  # the group's visible devices are asked for together, then one wait that libvirt's DEVICE_REMOVED events end;
  # only once they are all out is the placeholder removed (QEMU never had it: no wait), since libvirt gives it
  # back to its host driver at once. The whole group is out well within one --timeout. (The qemu driver itself
  # waits up to 5 s inside each detach call, so a guest that answers at once has its events queued before the
  # wait begins.)
  # The oracle is libvirt's own: `virsh event` must print one device-removed event for the alias of each
  # <hostdev> of the group in the live XML, and none other.
  local t0 took aliases events_log=$CASE_DIR/$CASE_NAME.events
  aliases=$(for m in "${E1000[@]}"; do $V dumpxml "$name" | hostdev_block "$m" | sed -n "s/.*<alias name='\([^']*\)'.*/\1/p"; done | sort | xargs)
  expect_eq "aliases of the group's live <hostdev>s" "$(wc -w <<< "$aliases")" "${#E1000[@]}"
  virsh_events "$name" "$events_log"
  t0=$(now_ms)
  vpt_json -v unassign "$name" "$GRP_DEV" --live --timeout 30 --json
  took=$(( $(now_ms) - t0 ))
  [ "$took" -lt 15000 ] || fail "unassign --live of the ${#E1000[@]}-device group took $took ms (timeout 30 s)"
  expect_eq "live_removal" "$(jq -r '[.live_removal[] | select(.released) | .address] | join(" ")' "$OUT")" "${E1000[*]}"
  expect_eq "waits (one for the group)" "$(grep -c "wait for $name to release" "$ERR")" 1
  local visible=$(( ${#E1000[@]} - 1 ))
  grep -q "wait for $name to release .* (events) .*: $visible of $visible released" "$ERR" \
    || fail "no single event-driven wait for the group's visible devices: $(grep 'wait for' "$ERR")"
  grep -q "wait for $name to release .*$other" "$ERR" && fail "the placeholder $other was waited for"
  removed_aliases "$name" "$events_log" "${#E1000[@]}"
  expect_eq "device-removed events from libvirt (virsh event), one per device" "$REMOVED" "$aliases"
  expect_eq "live hostdevs after unassign" "$(live_hostdevs "$name")" ""
  for m in "${E1000[@]}"; do wait_driver "$m" e1000 10 || fail "$m not back on e1000 after unassign --live"; done
}

assign_no_free_root_port() {
  local d=${E1000E[0]:-} name=vpt-lab-noport ports
  [ -n "$d" ] || fail "no e1000e device"
  keep_drivers "$d"
  L2_PORTS=0 l2_define "$name"
  l2_start "$name"
  ports=$($V dumpxml "$name" | grep -c "model='pcie-root-port'") || true
  [ "$ports" = 0 ] || fail "lab: libvirt gave the guest $ports pcie-root-port(s)"
  vpt_run assign "$name" "$d" --live
  expect_refused "vpt assign $name $d --live" "pcie-root-port.*vpt prepare $name --root-ports 1"
  expect_eq "live hostdevs" "$(live_hostdevs "$name")" ""
  expect_eq "config hostdevs" "$(config_hostdevs "$name")" ""
  expect_eq "driver of $d" "$(sys_driver "$d")" e1000e
  # what the refusal says to do: a root port from the next start, and then the live assign works
  vpt_json prepare "$name" --root-ports 1 --config --json
  expect_eq "prepare --root-ports 1: result" "$(jq -r .result "$OUT")" done
  $V destroy "$name" > /dev/null
  l2_boot "$name"
  vpt_json assign "$name" "$d" --live --json
  expect_eq "assign --live after prepare: result" "$(jq -r .result "$OUT")" done
  expect_eq "live hostdevs after prepare" "$(live_hostdevs "$name")" "$d"
  vpt_json unassign "$name" "$d" --live --json
  wait_driver "$d" e1000e 10 || fail "$d not back on e1000e"
}

prepare_viommu() {
  local name=vpt-lab-prep xml pid
  l2_define "$name"
  vpt_json prepare "$name" --viommu --json
  expect_eq "result" "$(jq -r .result "$OUT")" done
  xml=$($V dumpxml --inactive "$name")
  grep -q "<iommu model='intel'>" <<< "$xml" || fail "no <iommu model='intel'> in the config"
  grep -q "intremap='on'" <<< "$xml" && grep -q "caching_mode='on'" <<< "$xml" || fail "the iommu lacks intremap/caching_mode: $(grep -A3 '<iommu' <<< "$xml" | xargs)"
  grep -q "<ioapic driver='qemu'/>" <<< "$xml" || fail "no <ioapic driver='qemu'/> in the config"
  vpt_json prepare "$name" --viommu --json
  expect_eq "second prepare" "$(jq -r .result "$OUT")" nothing-to-do
  l2_boot "$name"
  pid=$(cat "/run/libvirt/qemu/$name.pid") || fail "no QEMU pid"
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q 'intel-iommu' || fail "QEMU runs without intel-iommu"
}

# =============================================================================================================
# SR-IOV: vpt vfs, vpt pool
# =============================================================================================================
# vf_nodedevs_listed PF: every VF of PF (sysfs virtfn*) answers virsh nodedev-dumpxml now, without waiting
vf_nodedevs_listed() {
  local vf
  for vf in $(sriov_vfs "$1"); do
    $V nodedev-dumpxml "$(nodedev_name "$vf")" > /dev/null 2>&1 || { echo "$vf: virsh nodedev-dumpxml fails"; return 1; }
  done
}

vfs_nvme() {
  [ -n "$NVME_PF" ] || fail "no NVMe SR-IOV PF"
  local vfs vf
  defer "sriov_disable $NVME_PF"
  # NVMe VFs stay offline without `nvme virt-mgmt`: no driver for them (as lab-sriov-nvme-vfs does)
  echo 0 > "$SYS_PCI/$NVME_PF/sriov_numvfs"
  echo 0 > "$SYS_PCI/$NVME_PF/sriov_drivers_autoprobe"
  vpt_json vfs "$NVME_PF" 2 --json
  expect_eq "result" "$(jq -r .result "$OUT")" changed
  expect_eq "sriov_numvfs" "$(sys_attr "$NVME_PF" sriov_numvfs)" 2
  vf_nodedevs_listed "$NVME_PF" || fail "vpt returned before libvirt listed the VFs"
  vfs=$(sriov_vfs "$NVME_PF")
  expect_eq "VFs" "$(wc -w <<< "$vfs")" 2
  vpt_json vfs "$NVME_PF" --json
  expect_eq "vfs shown" "$(jq -r '[.vfs[].address] | sort | join(" ")' "$OUT")" "$(xargs <<< "$vfs")"
  expect_eq "drivers_autoprobe" "$(jq -c .drivers_autoprobe "$OUT")" false
  vpt_json vfs "$NVME_PF" 0 --json
  expect_eq "result" "$(jq -r .result "$OUT")" changed
  expect_eq "sriov_numvfs" "$(sys_attr "$NVME_PF" sriov_numvfs)" 0
  for vf in $vfs; do
    ! $V nodedev-dumpxml "$(nodedev_name "$vf")" > /dev/null 2>&1 || fail "libvirt still lists $vf when vpt returns"
  done
}

igb_prepare() {
  [ -n "$IGB_PF" ] || skip "no igb NIC in this lab (needs QEMU >= 8: VPT_LAB_IGB)"
  IGB_IF=$(ls "$SYS_PCI/$IGB_PF/net" | head -1)
  ip link set "$IGB_IF" up
  defer "sriov_disable $IGB_PF"
}

vfs_igb() {
  igb_prepare
  local before
  vpt_json vfs "$IGB_PF" 2 --json
  expect_eq "result" "$(jq -r .result "$OUT")" changed
  expect_eq "sriov_numvfs" "$(sys_attr "$IGB_PF" sriov_numvfs)" 2
  vf_nodedevs_listed "$IGB_PF" || fail "vpt returned before libvirt listed the VFs"
  vpt_json vfs "$IGB_PF" 3 --json
  expect_eq "writes 2 -> 3" "$(jq -c '[.writes[].value]' "$OUT")" "[0,3]"
  expect_eq "result" "$(jq -r .result "$OUT")" changed
  expect_eq "sriov_numvfs" "$(sys_attr "$IGB_PF" sriov_numvfs)" 3
  expect_eq "VFs in sysfs" "$(sriov_vfs "$IGB_PF" | wc -l)" 3
  vf_nodedevs_listed "$IGB_PF" || fail "vpt returned before libvirt listed the VFs"
  vpt_json vfs "$IGB_PF" 3 --json
  expect_eq "same count again" "$(jq -r .result "$OUT") $(jq -c .writes "$OUT")" "nothing-to-do []"
}

# vpt pool create: a running, autostarted network listing the PF's VFs; vpt pool delete removes it
pool_create_igb() {
  igb_prepare
  local pool=igb-pool-new
  sriov_enable "$IGB_PF" 1 || fail "lab: enabling a VF failed"
  defer "$V net-destroy $pool > /dev/null 2>&1; $V net-undefine $pool > /dev/null 2>&1"
  vpt_json pool create "$pool" --pf "$IGB_IF" --json
  expect_eq "pool create result" "$(jq -r .result "$OUT")" done
  $V net-info "$pool" | grep -qE '^Active: +yes' || fail "network $pool is not active: $($V net-info "$pool" | xargs)"
  $V net-info "$pool" | grep -qE '^Autostart: +yes' || fail "network $pool does not autostart"
  $V net-dumpxml "$pool" | grep -q "<pf dev='$IGB_IF'/>" || fail "network $pool is not on <pf dev='$IGB_IF'/>"
  vpt_json pool show "$pool" --json
  expect_eq "pool VFs" "$(jq -r '[.vfs[].address] | sort | join(" ")' "$OUT")" "$(sriov_vfs "$IGB_PF" | xargs)"
  vpt_json pool list --json
  expect_eq "pools listed" "$(jq -r '[.pools[].name] | join(" ")' "$OUT")" "$pool"
  vpt_json pool delete "$pool" --json
  expect_eq "pool delete result" "$(jq -r .result "$OUT")" done
  ! $V net-info "$pool" > /dev/null 2>&1 || fail "network $pool still exists after vpt pool delete"
}

# A VF pool on the igb PF (defined with virsh), a guest taking a VF from it with a MAC and a VLAN, and what is
# refused while the guest uses it
pool_igb_guest() {
  igb_prepare
  local name=vpt-lab-pool pool=igb-pool mac=52:54:00:aa:00:01 vf held
  sriov_enable "$IGB_PF" 2 || fail "lab: enabling 2 VFs failed"
  defer "$V net-destroy $pool > /dev/null 2>&1; $V net-undefine $pool > /dev/null 2>&1"
  printf "<network><name>%s</name><forward mode='hostdev' managed='yes'><pf dev='%s'/></forward></network>\n" \
    "$pool" "$IGB_IF" > "/tmp/$pool.xml"
  $V net-define "/tmp/$pool.xml" > /dev/null && $V net-start "$pool" > /dev/null || fail "lab: cannot start network $pool"
  vpt_json pool show "$pool" --json
  expect_eq "pool VFs" "$(jq -r '[.vfs[].address] | sort | join(" ")' "$OUT")" "$(sriov_vfs "$IGB_PF" | xargs)"
  l2_define "$name"
  vpt_json assign "$name" --pool "$pool" --mac "$mac" --vlan 42 --config --json
  expect_eq "assign result" "$(jq -r .result "$OUT")" done
  $V dumpxml --inactive "$name" | grep -q "<source network='$pool'/>" || fail "no interface on network $pool in the config"
  vpt_run pool delete "$pool"
  expect_refused "vpt pool delete $pool while shut-off $name has it in its config" "$name"
  l2_start "$name"
  held=
  for vf in $(sriov_vfs "$IGB_PF"); do [ "$(sys_driver "$vf")" = vfio-pci ] && held+=" $vf"; done
  expect_eq "VFs on vfio-pci while the guest runs" "$(wc -w <<< "$held")" 1
  ip link show "$IGB_IF" | grep -E "vf [0-9]+ .*link/ether $mac.*vlan 42" \
    || fail "ip link show $IGB_IF has no VF with MAC $mac and vlan 42: $(ip link show "$IGB_IF" | grep ' vf ' | xargs)"
  vpt_run vfs "$IGB_PF" 3
  expect_refused "vpt vfs $IGB_PF 3 while $name runs" "$name"
  expect_eq "sriov_numvfs after the refusal" "$(sys_attr "$IGB_PF" sriov_numvfs)" 2
  # the PF itself: unbinding it from igb would make every VF vanish, the guest's one too
  vpt_run detach "$IGB_PF"
  expect_refused "vpt detach $IGB_PF (the PF of $name's VF)" "$name"
  l2_define vpt-lab-pool-pf
  vpt_run assign vpt-lab-pool-pf "$IGB_PF" --config
  expect_refused "vpt assign vpt-lab-pool-pf $IGB_PF (the PF of $name's VF)" "$name"
  $V dumpxml --inactive vpt-lab-pool-pf | grep -q "<hostdev" && fail "the refused assign left a <hostdev> in vpt-lab-pool-pf"
  $V undefine vpt-lab-pool-pf > /dev/null
  expect_eq "driver of the PF after the refusals" "$(sys_driver "$IGB_PF")" igb
  expect_eq "sriov_numvfs after the PF refusals" "$(sys_attr "$IGB_PF" sriov_numvfs)" 2
  expect_eq "VFs on vfio-pci after the PF refusals" "$(for vf in $held; do sys_driver "$vf"; done | xargs)" vfio-pci
  vpt_run pool delete "$pool"
  expect_refused "vpt pool delete $pool while $name runs on it" "$name"
  $V net-info "$pool" | grep -qE '^Active: +yes' || fail "network $pool is not running any more after the refusal"
  vpt_json pool show "$pool" --json
  expect_eq "used_by" "$(jq -c .used_by "$OUT")" "[{\"guest\":\"$name\",\"active\":true}]"
  $V destroy "$name" > /dev/null
  $V undefine "$name" > /dev/null
  for vf in $held; do wait_driver "$vf" igbvf 10 || fail "$vf not back on igbvf"; done
  vpt_json pool delete "$pool" --json
  expect_eq "pool delete result" "$(jq -r .result "$OUT")" done
  ! $V net-info "$pool" > /dev/null 2>&1 || fail "network $pool still exists after vpt pool delete"
}

vfs_igb_persist() {
  igb_prepare
  local rule=/etc/udev/rules.d/70-vpt-sriov-$IGB_PF.rules
  defer "rm -f '$rule'"
  [ ! -e "$rule" ] || fail "lab: $rule exists before the case"
  vpt_json vfs "$IGB_PF" 2 --persist --json
  expect_eq "persist_action" "$(jq -r .persist_action "$OUT")" written
  expect_eq "persisted_file" "$(jq -r .persisted_file "$OUT")" "$rule"
  [ -f "$rule" ] || fail "$rule was not written"
  cat "$rule"
  grep -q "KERNEL==\"$IGB_PF\"" "$rule" && grep -q 'ATTR{sriov_numvfs}="2"' "$rule" || fail "$rule does not set 2 VFs on $IGB_PF"
  expect_eq "sriov_numvfs" "$(sys_attr "$IGB_PF" sriov_numvfs)" 2
  vpt_json vfs "$IGB_PF" --json
  expect_eq "persisted_count" "$(jq -c .persisted_count "$OUT")" 2
  vpt_json vfs "$IGB_PF" 0 --persist --json
  expect_eq "persist_action" "$(jq -r .persist_action "$OUT")" removed
  [ ! -e "$rule" ] || fail "$rule still exists after --persist with 0"
  expect_eq "sriov_numvfs" "$(sys_attr "$IGB_PF" sriov_numvfs)" 0
}

# =============================================================================================================
# lab_state: what the cases must leave as they found it, one fact per line: every device's driver and IOMMU
# group, the VF counts, guests, networks, vpt's journal, udev rules vpt writes, addresses on the NICs under test
lab_state() {
  local a
  sys_snapshot
  for a in "${SYS_ADDRS[@]}"; do echo "$a driver=${SYS_DRIVER[$a]:-} group=${SYS_GROUP[$a]:-}"; done
  for a in $NVME_PF $IGB_PF; do echo "$a sriov_numvfs=$(sys_attr "$a" sriov_numvfs)"; done
  echo "guests: $($V list --all --name | xargs)"
  echo "networks: $($V net-list --all --name | xargs)"
  echo "journal: $(ls /var/lib/vpt/journal.json 2> /dev/null)"
  echo "udev rules: $(ls /etc/udev/rules.d/ | grep vpt | xargs)"
  for a in "${E1000E[@]}"; do echo "$a addresses: $(ip -br addr show dev "$(ls "$SYS_PCI/$a/net" 2> /dev/null | head -1)" 2> /dev/null | awk '{$1=$2=""; print}' | xargs)"; done
}
lab_left_as_found() {
  local now
  now=$(lab_state)
  [ "$now" = "$LAB_STATE0" ] || { diff <(echo "$LAB_STATE0") <(echo "$now"); fail "the lab changed: $(diff <(echo "$LAB_STATE0") <(echo "$now") | grep '^[<>]' | head -2 | xargs)"; }
}

# =============================================================================================================
# vpt verify: the identity record and the libvirt hook that refuses a guest whose device drifted
# =============================================================================================================
# restart_libvirt: libvirt looks for hook scripts only when its daemon starts
restart_libvirt() {
  if systemctl is-active --quiet virtqemud; then systemctl restart virtqemud; else systemctl restart libvirtd; fi \
    || fail "cannot restart the libvirt daemon"
  local i
  for ((i = 0; i < 40; i++)); do $V version > /dev/null 2>&1 && return 0; sleep 0.25; done
  fail "libvirt did not come back after the restart"
}

verify_hook_refuses_drift() {
  local d=${E1000E[0]:-} name=vpt-lab-verify
  [ -n "$d" ] || fail "no e1000e device"
  [ ! -e /etc/libvirt/hooks/qemu.d/00-vpt-verify ] && [ ! -e /etc/libvirt/hooks/qemu.d/vpt-verify ] || fail "a vpt hook is installed already"
  keep_drivers "$d"
  l2_define "$name"
  vpt_json assign "$name" "$d" --config --json
  expect_eq "assign: result, identity_recorded" "$(jq -r '"\(.result) \(.identity_recorded)"' "$OUT")" "done true"
  $V dumpxml --inactive "$name" | grep -q "<vpt:device address=\"$d\"" || fail "no identity record of $d in the config"
  vpt_json verify "$name" --json
  expect_eq "verify before the drift" "$(jq -r '[.ok, .devices[0].status] | join(" ")' "$OUT")" "true ok"

  # installed, removed, the daemon restarted with no hook in place (so it runs none), then installed again: vpt
  # must make the running daemon look for hooks again (libvirt reads them at start and on SIGHUP), with no restart
  vpt_run verify --install-hook
  expect_eq "install-hook: exit status" "$RC" 0
  defer "vpt verify --remove-hook > /dev/null; restart_libvirt"
  vpt_run verify --remove-hook
  expect_eq "remove-hook: exit status" "$RC" 0
  [ ! -e /etc/libvirt/hooks/qemu.d/00-vpt-verify ] || fail "the hook is still there after --remove-hook"
  restart_libvirt
  vpt_run verify --install-hook
  expect_eq "install-hook again: exit status" "$RC" 0
  [ -x /etc/libvirt/hooks/qemu.d/00-vpt-verify ] || fail "no executable hook at /etc/libvirt/hooks/qemu.d/00-vpt-verify"
  # the drift: the record now says an RTX 3090 sat at $d, as after a renumbering
  $V dumpxml --inactive "$name" | sed "s|<vpt:device address=\"$d\" vendor=\"[^\"]*\" device=\"[^\"]*\"|<vpt:device address=\"$d\" vendor=\"0x10de\" device=\"0x2204\"|" \
    > "/tmp/$name-drifted.xml"
  $V define "/tmp/$name-drifted.xml" > /dev/null || fail "cannot define the drifted record"
  vpt_run verify "$name"
  expect_eq "verify after the drift: exit status" "$RC" 1
  grep -q "$d drift: recorded 10de:2204" "$OUT" || fail "verify does not report the drift: $(head -1 "$OUT")"
  ! $V start "$name" > /tmp/$name-start.out 2>&1 || { $V destroy "$name" > /dev/null 2>&1; fail "the guest started with a drifted device"; }
  grep -q "refusing to start guest '$name'.*$d drift" /tmp/$name-start.out \
    || fail "libvirt's error does not carry the hook's reason: $(tr '\n' ' ' < /tmp/$name-start.out)"
  expect_eq "driver of $d (never handed over)" "$(sys_driver "$d")" e1000e

  # the fix: assign the device again, which records it as it is
  vpt_run unassign "$name" "$d" --config
  expect_eq "unassign: exit status" "$RC" 0
  vpt_run assign "$name" "$d" --config
  expect_eq "assign again: exit status" "$RC" 0
  vpt_run verify "$name"
  expect_eq "verify after the fix: exit status" "$RC" 0
  l2_start "$name"
  expect_eq "driver of $d while the guest runs" "$(sys_driver "$d")" vfio-pci
  $V destroy "$name" > /dev/null || fail "virsh destroy failed"
  wait_driver "$d" e1000e 10 || fail "$d not back on e1000e after the guest stopped"
}

# =============================================================================================================
[ "$LAB_LIST" = 1 ] || LAB_STATE0=$(lab_state)
echo "== lab sanity"
# The only cases a CI run lets skip: the package's case, when vpt came as a bare binary (run.sh --vpt)
LAB_HAS_PACKAGE=${LAB_HAS_PACKAGE:-$([ -f "$HERE/vpt.deb" ] && echo 1 || echo 0)}
[ "$LAB_HAS_PACKAGE" = 1 ] || allow_skip lab-vpt-package-installed

run_case lab-iommu-groups-populated      lab_iommu_groups
run_case lab-bridge-group-3-members      lab_bridge_group
run_case lab-nodedev-list-matches-sysfs  lab_nodedev_list
run_case lab-nodedev-iommu-group         lab_nodedev_iommu_group
run_case lab-virsh-detach-reattach       lab_virsh_detach_reattach
run_case lab-sriov-nvme-vfs              lab_sriov_nvme
run_case lab-sriov-igb-vfs               lab_sriov_igb
run_case lab-l2-guest-with-hostdev       lab_l2_guest_with_hostdev
run_case lab-vpt-binary-loads            vpt_binary_loads
run_case lab-vpt-package-installed       vpt_package_installed
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
echo "== vpt check"
run_case check-host-ready                check_host_ready
run_case check-device                    check_device
echo "== vpt detach / reattach / recover"
run_case detach-bridge-group             detach_bridge_group
run_case detach-dry-run                  detach_dry_run
run_case detach-failure-rolls-back       detach_failure_rolls_back
run_case detach-kill9-recover            detach_kill9_recover
run_case detach-concurrent               detach_concurrent
run_case host-use-root-disk              host_use_root_disk
run_case host-use-default-route          host_use_default_route
run_case host-use-exclusive-open         host_use_exclusive_open
run_case host-use-force                  host_use_force
run_case reattach-held-by-guest          reattach_held_by_guest
run_case reset-e1000e                    reset_e1000e
echo "== vpt assign / unassign / prepare"
run_case assign-unassign-live            assign_unassign_live
run_case assign-group-config             assign_group_config
run_case assign-group-live               assign_group_live
run_case assign-no-free-root-port        assign_no_free_root_port
run_case unassign-unanswered-unplug      unassign_unanswered
run_case prepare-viommu                  prepare_viommu
echo "== vpt verify"
run_case verify-hook-refuses-drift       verify_hook_refuses_drift
echo "== SR-IOV: vpt vfs / pool"
run_case vfs-nvme                        vfs_nvme
run_case vfs-igb                         vfs_igb
run_case pool-create-igb                 pool_create_igb
run_case pool-igb-guest                  pool_igb_guest
run_case vfs-igb-persist                 vfs_igb_persist
echo "== crash matrix (${VPT_LAB_CRASH:-smoke}): SIGKILL at step boundaries, then vpt recover"
CRASH_LIMIT=$([ "${VPT_LAB_CRASH:-}" = full ] && echo 3000 || echo 600)
run_case crash-detach-reattach           crash_detach_reattach "$CRASH_LIMIT"
run_case crash-reset                     crash_reset "$CRASH_LIMIT"
run_case crash-guest-config              crash_guest_config "$CRASH_LIMIT"
run_case crash-guest-live                crash_guest_live "$CRASH_LIMIT"
run_case crash-vfs                       crash_vfs "$CRASH_LIMIT"
run_case crash-persist                   crash_persist "$CRASH_LIMIT"
run_case crash-pool                      crash_pool "$CRASH_LIMIT"
echo "== the end"
run_case lab-left-as-found               lab_left_as_found
echo "== boot-time bindings (the last cases: a reboot follows)"
run_case persist-guard-root-disk         persist_guard_root_disk
run_case persist-moved-detach            persist_moved_detach 600
run_case persist-detach                  persist_detach 600
if [ "$LAB_LIST" = 1 ]; then
  # the stages after the reboots: each runs when the case before it ran and asked for it
  lists() { [ -z "${VPT_LAB_CASES:-}" ] || [[ $1 =~ $VPT_LAB_CASES ]]; }
  lists persist-detach && { ! lists persist-moved-detach || run_case persist-moved-after-reboot persist_moved_after_reboot; } &&
    run_case persist-held-after-reboot persist_held &&
    lists persist-held-after-reboot && run_case persist-restored-after-reboot persist_restored
  exit 0
fi
summary
