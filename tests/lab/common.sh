# common.sh - host-side helpers shared by run.sh and vm.sh. Sourced, not executed.
#
# Everything large lives under $VPT_LAB_DIR (default /var/tmp/vpt-lab), never in the source tree:
#   images/KEY/      the guest image built by build-image.sh; KEY hashes build-image.sh + packages.txt
#   qemu10/          optional private copy of QEMU 10 from bookworm-backports (for the igb SR-IOV NIC)
#   last-run/        console and suite logs of the most recent run.sh
#   vm/              state of the interactive VM started by vm.sh

LAB_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VPT_LAB_DIR=${VPT_LAB_DIR:-/var/tmp/vpt-lab}
LAB_T0=${LAB_T0:-$(date +%s)}

lab_log() { echo "lab +$(( $(date +%s) - LAB_T0 ))s: $*"; }

# lab_child LOG CMD...: run CMD in its own session (so an interrupt can stop all of it: lab_kill_child) and wait
LAB_CHILD=
lab_child() {
  local log=$1 rc=0; shift
  setsid "$@" > "$log" 2>&1 < /dev/null &
  LAB_CHILD=$!
  wait "$LAB_CHILD" || rc=$?
  LAB_CHILD=
  return $rc
}
# lab_kill_child: TERM the whole process group of a running lab_child (it cleans up: mounts, temp dirs), KILL after 30 s
lab_kill_child() {
  local i
  [ -n "$LAB_CHILD" ] || return 0
  kill -TERM -- "-$LAB_CHILD" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do kill -0 "$LAB_CHILD" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$LAB_CHILD" 2>/dev/null || true
  LAB_CHILD=
}
lab_err() { echo "lab: $*" >&2; }

# The Debian mirror this machine's apt already uses (overridable with VPT_LAB_MIRROR).
lab_mirror() {
  local u=
  if [ -n "${VPT_LAB_MIRROR:-}" ]; then echo "$VPT_LAB_MIRROR"; return; fi
  u=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v -- '-security' | head -1) || true
  [ -n "$u" ] || u=$(awk '$1=="deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null) || true
  echo "${u:-http://deb.debian.org/debian}"
}

# lab_host_packages: install the host tools the lab needs, if any is missing.
# Returns non-zero (with LAB_WHY set) when they are missing and cannot be installed.
LAB_HOST_PKGS=(qemu-system-x86 debootstrap e2fsprogs openssh-client wget python3-jsonschema)
lab_host_packages() {
  local need=() p
  for p in "${LAB_HOST_PKGS[@]}"; do
    dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    LAB_WHY="host packages missing (${need[*]}) and cannot install them (needs root and apt-get)"
    return 1
  fi
  lab_log "installing host packages: ${need[*]}"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"; } \
      > "$VPT_LAB_DIR/host-apt.log" 2>&1; then
    tail -5 "$VPT_LAB_DIR/host-apt.log" >&2
    LAB_WHY="cannot install host packages (${need[*]}): apt-get failed (log: $VPT_LAB_DIR/host-apt.log)"
    return 1
  fi
}

# The image cache key: what goes into the image.
lab_image_key() { cat "$LAB_SRC/build-image.sh" "$LAB_SRC/packages.txt" | sha256sum | cut -c1-16; }

# lab_ensure_image: sets LAB_IMG to the image directory for the current key, building it if needed.
# Returns 0 ready, 3 cannot be built here (no Debian mirror / not root; LAB_WHY says why), 1 build failure.
lab_ensure_image() {
  local key rc old
  key=$(lab_image_key)
  LAB_IMG=$VPT_LAB_DIR/images/$key
  if [ -f "$LAB_IMG/lab.img" ] && [ -f "$LAB_IMG/vmlinuz" ] && [ -f "$LAB_IMG/initrd.img" ]; then
    lab_log "image cached: $LAB_IMG"
    touch "$LAB_IMG"    # recently used: kept when another key's image is built
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then LAB_WHY="no cached image and building one needs root"; return 3; fi
  lab_log "building image $key (takes 1-2 minutes; log: $VPT_LAB_DIR/images/$key.build.log)"
  mkdir -p "$VPT_LAB_DIR/images"
  rm -rf --one-file-system "$LAB_IMG.tmp"     # left over from a killed build (build-image.sh wipes its root tree)
  VPT_LAB_MIRROR=$(lab_mirror) lab_child "$VPT_LAB_DIR/images/$key.build.log" "$LAB_SRC/build-image.sh" "$LAB_IMG.tmp" \
    && rc=0 || rc=$?
  if [ $rc -ne 0 ]; then
    tail -15 "$VPT_LAB_DIR/images/$key.build.log" >&2
    if [ $rc = 3 ]; then LAB_WHY="cannot build the lab image: Debian mirror $(lab_mirror) unreachable"; return 3; fi
    LAB_WHY="image build failed (log: $VPT_LAB_DIR/images/$key.build.log)"
    return 1
  fi
  mv "$LAB_IMG.tmp" "$LAB_IMG"
  # keep this image and the one used last before it (about 1 GiB each): on a machine where two versions of
  # the lab take turns (a branch and its base), neither has to build its image again each time
  for old in $(ls -td "$VPT_LAB_DIR"/images/*/ 2> /dev/null | sed 's|/$||' | grep -v '\.tmp$' | tail -n +3); do
    [ "$old" = "$LAB_IMG" ] || rm -rf "$old" "$old.build.log"
  done
  lab_log "image built: $(tr '\n' ';' < "$LAB_IMG/manifest.txt")"
}

# lab_pick_qemu: sets LAB_QEMU (binary), LAB_QEMU_L (firmware dirs) and LAB_IGB (1 if the igb NIC is available).
# VPT_LAB_IGB: auto (default: try QEMU 10 from bookworm-backports, fall back to the host QEMU without igb),
#              1 (require it), 0 (host QEMU only). In CI (CI=true) auto requires it: without it six cases skip.
lab_pick_qemu() {
  LAB_QEMU=qemu-system-x86_64; LAB_QEMU_L=(); LAB_IGB=0
  local want=${VPT_LAB_IGB:-auto} q=$VPT_LAB_DIR/qemu10
  [ "$want" = 0 ] && return 0
  if ! [ -x "$q/usr/bin/qemu-system-x86_64" ]; then
    lab_log "fetching QEMU 10 from bookworm-backports (private copy, for the igb SR-IOV NIC)"
    if ! VPT_LAB_MIRROR=$(lab_mirror) lab_child "$VPT_LAB_DIR/qemu10.log" "$LAB_SRC/fetch-qemu10.sh" "$q"; then
      tail -5 "$VPT_LAB_DIR/qemu10.log" >&2
      if [ "$want" = 1 ]; then LAB_WHY="VPT_LAB_IGB=1 but QEMU 10 could not be fetched"; return 1; fi
      if [ "${CI:-}" = true ]; then
        LAB_WHY="QEMU 10 (the igb SR-IOV NIC) could not be fetched, and CI runs the igb cases (log: $VPT_LAB_DIR/qemu10.log)"
        return 1
      fi
      lab_log "QEMU 10 unavailable: using the host QEMU without the igb NIC (igb cases will be skipped)"
      return 0
    fi
  fi
  LAB_QEMU=$q/usr/bin/qemu-system-x86_64
  LAB_QEMU_L=(-L "$q/usr/share/seabios" -L "$q/usr/share/qemu")
  LAB_IGB=1
}

# lab_pick_accel: sets LAB_ACCEL to kvm or tcg (VPT_LAB_ACCEL=auto|kvm|tcg).
# /dev/kvm may exist and still be unable to run a stock kernel (e.g. a kvm_pvm-only host, where the kernel hangs
# right after "Probing EDD"). KVM is used only if kvm_intel/kvm_amd is loaded AND the lab kernel prints its
# banner within 20 s under KVM with a split irqchip and the vIOMMU.
lab_pick_accel() {
  LAB_ACCEL=${VPT_LAB_ACCEL:-auto}
  [ "$LAB_ACCEL" != auto ] && return 0
  LAB_ACCEL=tcg
  [ -r /dev/kvm ] && [ -w /dev/kvm ] || return 0
  [ -d /sys/module/kvm_intel ] || [ -d /sys/module/kvm_amd ] || return 0
  if timeout -k 5 20 "$LAB_QEMU" "${LAB_QEMU_L[@]}" -machine q35,accel=kvm,kernel-irqchip=split \
       -cpu host,arch-capabilities=off -m 256 -device intel-iommu,intremap=on,caching-mode=on \
       -display none -nodefaults -no-user-config -serial stdio -kernel "$LAB_IMG/vmlinuz" \
       -append "console=ttyS0 earlyprintk=ttyS0 panic=-1" 2>/dev/null </dev/null | grep -q -m1 'Linux version'; then
    LAB_ACCEL=kvm
  fi
}

# lab_qemu_args SHARE RUNDIR [SSH_PORT]: fills LAB_ARGS with the whole L1 command line (after the binary).
# The lab topology (guest PCI addresses; IOMMU group numbers depend on the device set, read them at runtime):
#   00:02.0 virtio-net (management, user-mode network)   00:03.0 virtio-blk (root)   00:04.0 virtio-9p (share)
#   00:10.0, 00:11.0  e1000e (82574L), one group each
#   00:12.0           NVMe with one empty namespace, own group
#   00:13.0 -> 01:00.0 -> 02:01.0, 02:02.0   root port -> PCIe-to-PCI bridge -> two e1000: ONE group of 3
#   00:14.0 -> 03:00.0  NVMe SR-IOV PF (2 VFs max: 03:00.1, 03:00.2)
#   00:15.0 -> 04:00.0  igb (82576) SR-IOV NIC PF, 7 VFs max (only with QEMU >= 8, i.e. LAB_IGB=1)
#   00:1f.*           ICH9 LPC/SATA/SMBus, one group (the host's own: never detach)
lab_qemu_args() {
  local share=$1 rundir=$2 port=${3:-} netdev
  netdev="user,id=mgmt,net=10.0.2.0/24"
  [ -n "$port" ] && netdev+=",hostfwd=tcp:127.0.0.1:$port-:22"
  LAB_ARGS=("${LAB_QEMU_L[@]}" -name vpt-lab)
  if [ "$LAB_ACCEL" = kvm ]; then
    # arch-capabilities=off: some nested /dev/kvm implementations refuse MSR 0x10a and QEMU aborts
    LAB_ARGS+=(-machine q35,accel=kvm,kernel-irqchip=split -cpu host,arch-capabilities=off)
  else
    # -cpu max under TCG advertises SVM: the guest gets a /dev/kvm (nested) for its own L2 guests
    LAB_ARGS+=(-machine q35 -accel tcg,thread=multi -cpu max)
  fi
  LAB_ARGS+=(
    -smp "${VPT_LAB_SMP:-2}" -m "${VPT_LAB_MEM:-3072}"
    # an SMBIOS system UUID of its own, as a real host's firmware has: libvirt reports it as its host UUID
    # and vpt compares the two to know that libvirt's host is this machine
    -uuid 6c1d3f0e-94a2-4b7e-8d15-3a0f2c9e7b41
    # the vIOMMU: intremap needs a split irqchip under KVM; caching-mode=on is what lets the guest use vfio
    -device intel-iommu,intremap=on,caching-mode=on,device-iotlb=off
    -kernel "$LAB_IMG/vmlinuz" -initrd "$LAB_IMG/initrd.img"
    # no_timer_check: on a busy host the emulated CPU is too slow for the kernel's check that the timer
    # interrupt comes through the interrupt-remapped IO-APIC, and it panics at boot ("timer doesn't work
    # through Interrupt-remapped IO-APIC"); the timer works, the check only times out
    -append "root=/dev/vda rw console=ttyS0,115200 intel_iommu=on iommu=pt net.ifnames=1 panic=-1 no_timer_check systemd.show_status=0 loglevel=4"
    -no-reboot
    -drive "file=$LAB_IMG/lab.img,if=none,id=root,format=raw,snapshot=on,cache=unsafe"
    -device virtio-blk-pci,drive=root,bus=pcie.0,addr=0x3
    -netdev "$netdev"
    -device virtio-net-pci,netdev=mgmt,bus=pcie.0,addr=0x2
    -fsdev "local,id=labfs,path=$share,security_model=none"
    -device virtio-9p-pci,fsdev=labfs,mount_tag=lab,bus=pcie.0,addr=0x4
    # --- the devices under test (no network backend: QEMU warns "no peer", harmless) ---
    -device e1000e,id=nic-a,bus=pcie.0,addr=0x10,mac=52:54:00:00:10:01
    -device e1000e,id=nic-b,bus=pcie.0,addr=0x11,mac=52:54:00:00:11:01
    # a 64 MiB namespace that reads as zeros and keeps nothing: a disk the guard can see held
    -blockdev driver=null-co,node-name=nvmea-disk,size=67108864,read-zeroes=on
    -device nvme,id=nvme-a,serial=vptnvme0001,drive=nvmea-disk,bus=pcie.0,addr=0x12
    -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,slot=1,addr=0x13
    -device pcie-pci-bridge,id=pbr1,bus=rp1,addr=0x0
    -device e1000,id=nic-c,bus=pbr1,addr=0x1,mac=52:54:00:00:13:01
    -device e1000,id=nic-d,bus=pbr1,addr=0x2,mac=52:54:00:00:13:02
    # NVMe SR-IOV PF (QEMU >= 7.1). Constraints: max_ioqpairs - sriov_vq_flexible >= 2, msix_qsize - sriov_vi_flexible >= 1
    -device pcie-root-port,id=rp2,bus=pcie.0,chassis=2,slot=2,addr=0x14
    -device nvme-subsys,id=nvmesubsys0,nqn=nqn.2024-01.lab.vpt:subsys0
    -device nvme,id=nvme-pf,serial=vptnvmesriov,subsys=nvmesubsys0,bus=rp2,addr=0x0,sriov_max_vfs=2,sriov_vq_flexible=4,sriov_vi_flexible=2,max_ioqpairs=6,msix_qsize=3
  )
  if [ "$LAB_IGB" = 1 ]; then
    LAB_ARGS+=(
      -device pcie-root-port,id=rp3,bus=pcie.0,chassis=3,slot=3,addr=0x15
      -netdev hubport,id=igbnet,hubid=9
      -device igb,id=igb-pf,netdev=igbnet,bus=rp3,addr=0x0,mac=52:54:00:00:15:01
    )
  fi
  LAB_ARGS+=(-display none -vga none -nodefaults -no-user-config -pidfile "$rundir/qemu.pid"
             -serial "file:$rundir/console.log")
}

# lab_stop_qemu PIDFILE [GRACE]: make sure the QEMU in PIDFILE is gone: SIGTERM, then SIGKILL after GRACE s.
lab_stop_qemu() {
  local pidfile=$1 grace=${2:-5} pid i
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile" 2>/dev/null) || return 0
  [ -n "$pid" ] || return 0
  # only ever signal our own QEMU: the pid must still be a qemu-system process
  if kill -0 "$pid" 2>/dev/null && grep -q qemu-system "/proc/$pid/cmdline" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$pidfile"
  return 0
}

# lab_prepare: host packages, image, QEMU, accelerator. Returns 0 ready, 3 cannot run here (LAB_WHY), 1 failure.
lab_prepare() {
  mkdir -p "$VPT_LAB_DIR"
  lab_host_packages || return 3
  command -v flock >/dev/null || { LAB_WHY="flock missing"; return 3; }
  # one image build / QEMU fetch at a time per lab directory
  exec {LAB_LOCK_FD}>"$VPT_LAB_DIR/.lock"
  flock "$LAB_LOCK_FD"
  local rc=0
  lab_ensure_image || rc=$?
  if [ $rc = 0 ]; then lab_pick_qemu || rc=1; fi
  flock -u "$LAB_LOCK_FD"; exec {LAB_LOCK_FD}>&-
  [ $rc = 0 ] || return $rc
  lab_pick_accel
  lab_log "qemu: $("$LAB_QEMU" --version | head -1), accel $LAB_ACCEL, igb $([ "$LAB_IGB" = 1 ] && echo yes || echo no)"
}

# lab_fill_share SHARE VPT: the files the guest gets: the suite, its library, and vpt: a binary (bin/vpt,
# copied to /usr/local/bin) or, when VPT ends in .deb, the package (vpt.deb, installed with dpkg).
lab_fill_share() {
  local share=$1 vpt=$2
  mkdir -p "$share/bin" "$share/out"
  cp "$LAB_SRC/lib.sh" "$LAB_SRC/e2e.sh" "$LAB_SRC/crash.sh" "$LAB_SRC/persist.sh" "$LAB_SRC/guest-run.sh" "$share/"
  rm -f "$share/bin/vpt" "$share/vpt.deb"
  case $vpt in
    *.deb) cp "$vpt" "$share/vpt.deb" ;;
    *) install -m 0755 "$vpt" "$share/bin/vpt" ;;
  esac
  # settings for the suite, read by guest-run.sh
  {
    echo "VPT_LAB_CASE_TIMEOUT=${VPT_LAB_CASE_TIMEOUT:-180}"
    echo "VPT_LAB_SUITE_TIMEOUT=${VPT_LAB_SUITE_TIMEOUT:-1200}"
    printf 'VPT_LAB_CASES=%q\n' "${VPT_LAB_CASES:-}"
    echo "VPT_LAB_L2_VIRT=${VPT_LAB_L2_VIRT:-}"
    echo "VPT_LAB_CRASH=${VPT_LAB_CRASH:-}"
  } > "$share/lab.env"
}

# lab_validate_json DIR [whole]: every JSON document the suite kept in DIR (lib.sh json_keep: index.tsv holds file,
# schema, command) against its schema in man/schemas, with tests/json_schema_check.py under Debian's
# /usr/bin/python3 (python3-jsonschema), one process for all. With "whole" (the whole suite ran) a successful
# report of each changing command must be among them. Prints what it validated; returns 1 (LAB_WHY) on a problem.
LAB_CHANGE_SCHEMAS="detach reattach reset assign unassign prepare vfs pool-create pool-delete"
lab_validate_json() {
  local dir=$1 whole=${2:-} top rc=0
  top=$(cd "$LAB_SRC/../.." && pwd)
  if [ ! -s "$dir/index.tsv" ]; then
    [ -z "$whole" ] && return 0
    LAB_WHY="the suite kept no JSON document to validate"; return 1
  fi
  /usr/bin/python3 - "$top/tests" "$top/man/schemas" "$dir" "$whole" "$LAB_CHANGE_SCHEMAS" <<'EOF' || rc=$?
import contextlib, io, os, sys
sys.path.insert(0, sys.argv[1])
import json_schema_check as check

schemas = check.load_schemas(sys.argv[2])
folder, whole, change_schemas = sys.argv[3], sys.argv[4] == "whole", sys.argv[5].split()
documents, changes, problems = {}, {}, 0
with open(os.path.join(folder, "index.tsv"), encoding="utf-8") as index:
    for line in index:
        name, schema, command = line.rstrip("\n").split("\t", 2)
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors):
            verdict = check.validate(schemas, schema, os.path.join(folder, name))
        documents[schema] = documents.get(schema, 0) + 1
        words = command.split()
        if verdict != 0:
            problems += 1
            print(f"    | vpt {command}: not valid against {schema}.schema.json ({name}):")
            for problem in errors.getvalue().splitlines()[:5]:
                print(f"    |   {problem}")
            continue
        # a change that succeeded: not a dry run; vfs with a count (without one it only reads)
        after = words[words.index(schema.split("-")[0]) + 1:] if schema.split("-")[0] in words else []
        if schema in change_schemas and "--dry-run" not in words and (schema != "vfs" or any(w.isdigit() for w in after)):
            changes[schema] = changes.get(schema, 0) + 1
print("lab: json: %d documents against their schemas (%s); successful changes: %s" % (
    sum(documents.values()), ", ".join(f"{k} {v}" for k, v in sorted(documents.items())),
    ", ".join(f"{k} {changes.get(k, 0)}" for k in change_schemas)))
missing = [k for k in change_schemas if not changes.get(k)] if whole else []
if missing:
    print("    | no successful report of: " + " ".join(missing))
sys.exit(1 if problems or missing else 0)
EOF
  [ $rc = 0 ] || LAB_WHY="vpt's JSON reports in the lab: invalid documents or a changing command without a report (above)"
  return $rc
}

# lab_judge_cases SUITE_LOG EXPECTED: EXPECTED holds "NAME" or "NAME may-skip" lines (e2e.sh --list); each NAME must
# have a PASS or FAIL line in SUITE_LOG, or a SKIP line, which in CI (CI=true) only a may-skip case may have.
# Prints a "FAIL lab: ..." line for each problem and how many cases reported; returns 1 with LAB_PROBLEMS set
# to the number of problems.
lab_judge_cases() {
  local log=$1 expected=$2 name flag result reported=0 missing=()
  LAB_PROBLEMS=0
  while read -r name flag; do
    [ -n "$name" ] || continue
    result=$(grep -m1 -E "^(PASS|FAIL|SKIP) $name( |:|\$)" "$log" 2> /dev/null) || true
    case $result in
      PASS*|FAIL*) reported=$((reported + 1)) ;;
      SKIP*)
        reported=$((reported + 1))
        if [ "${CI:-}" = true ] && [ "$flag" != may-skip ]; then
          LAB_PROBLEMS=$((LAB_PROBLEMS + 1))
          echo "FAIL lab: case $name skipped in CI (${result#*: })"
        fi ;;
      *) missing+=("$name") ;;
    esac
  done <<< "$expected"
  if [ ${#missing[@]} -gt 0 ]; then
    LAB_PROBLEMS=$((LAB_PROBLEMS + 1))
    echo "FAIL lab: ${#missing[@]} expected cases did not report: ${missing[*]}"
  fi
  lab_log "$reported of $(grep -c . <<< "$expected") expected cases reported"
  [ "$LAB_PROBLEMS" = 0 ]
}
