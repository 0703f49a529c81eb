#!/bin/bash
# build-image.sh OUTDIR - build the lab guest image from Debian bookworm packages only.
#
# Writes, into OUTDIR (created; must not exist yet or be empty):
#   lab.img               raw ext4 root filesystem (sparse). QEMU opens it with snapshot=on, so it is never modified.
#   vmlinuz, initrd.img   the guest kernel and its initramfs (direct kernel boot: no bootloader, no partitions)
#   id_lab, id_lab.pub    ssh key pair; the public half is root's authorized_keys in the guest (interactive use)
#   manifest.txt          build date and the versions of the packages that matter
#
# How: debootstrap --variant=minbase, then apt-get install of packages.txt inside the chroot, then a few
# config files (below), then `mkfs.ext4 -d` straight from the directory (no loop mounts).
# Needs root, debootstrap, mkfs.ext4 (e2fsprogs), ssh-keygen, and HTTP access to a Debian mirror.
#
# Env: VPT_LAB_MIRROR   Debian mirror (default: the first non-security URI of this machine's apt sources)
#      VPT_LAB_IMG_SIZE size of the ext4 image (default 3G; sparse, about 0.9 GiB is allocated)
#      VPT_LAB_KEEP_ROOTFS=1  keep the unpacked root tree next to OUTDIR (for debugging the image)
# Exit status: 0 built, 3 the Debian mirror is unreachable (the caller treats that as "cannot run here"), 1 other.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:?usage: build-image.sh OUTDIR}
SUITE=bookworm
IMG_SIZE=${VPT_LAB_IMG_SIZE:-3G}
T0=$(date +%s)
log() { echo "[build-image +$(( $(date +%s) - T0 ))s] $*"; }
die() { echo "build-image: $*" >&2; exit 1; }

# The Debian mirror this machine's apt already uses.
debian_mirror() {
  local u=
  u=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v -- '-security' | head -1) || true
  [ -n "$u" ] || u=$(awk '$1=="deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null) || true
  echo "${u:-http://deb.debian.org/debian}"
}
MIRROR=${VPT_LAB_MIRROR:-$(debian_mirror)}

[ "$(id -u)" = 0 ] || die "must run as root"
for t in debootstrap mkfs.ext4 chroot ssh-keygen wget; do
  command -v $t >/dev/null || die "missing $t"
done
if ! wget -q -T 15 -t 2 -O /dev/null "$MIRROR/dists/$SUITE/Release"; then
  echo "build-image: Debian mirror $MIRROR is unreachable" >&2
  exit 3
fi

ROOTFS=$OUT.rootfs
R=$ROOTFS
[ ! -e "$OUT" ] || [ -z "$(ls -A "$OUT")" ] || die "$OUT is not empty"

# Never leave a mount behind, and never rm -rf through one: debootstrap and the chroot steps mount proc, sysfs and
# devpts inside the root tree (and debootstrap may bind-mount device nodes).
unmount_under() {
  local m
  [ -n "$1" ] || return 0
  # deepest first
  for m in $(awk -v p="$1/" 'index($2, p) == 1 {print $2}' /proc/mounts | sort -r); do umount -l "$m" || true; done
}
wipe() { unmount_under "$1"; rm -rf --one-file-system "$1"; }
BUILD_OK=0
on_exit() {
  unmount_under "$R"
  # a failed or interrupted build leaves nothing half-made behind
  if [ $BUILD_OK != 1 ]; then wipe "$ROOTFS"; rm -rf "$OUT"; fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM
wipe "$ROOTFS"

# --- 1. minimal base system -----------------------------------------------------------------------
mkdir -p "$OUT"
log "debootstrap $SUITE (minbase) from $MIRROR"
if ! debootstrap --variant=minbase "$SUITE" "$R" "$MIRROR" > "$OUT/debootstrap.log" 2>&1; then
  tail -20 "$OUT/debootstrap.log" >&2
  wget -q -T 15 -t 2 -O /dev/null "$MIRROR/dists/$SUITE/Release" || exit 3
  die "debootstrap failed (log: $OUT/debootstrap.log)"
fi

# --- 2. everything else with apt inside the chroot ----------------------------------------------
PKGS=$(sed -e 's/#.*//' "$HERE/packages.txt" | xargs)
log "apt-get install in chroot: $PKGS"
printf 'deb %s %s main\ndeb %s %s-updates main\n' "$MIRROR" $SUITE "$MIRROR" $SUITE > "$R/etc/apt/sources.list"
# A small initramfs: only what mounts the root filesystem (virtio-blk, ext4), and the NVMe driver, loaded
# there as a boot disk's driver is (the boot-time binding cases, persist.sh, need a driver that loads from the
# initramfs). Debian's default (MODULES=most, 36 MB) makes udev in the initramfs probe every module, which costs
# ~25 s of boot under emulation. Written before the kernel is installed, so its initramfs is built this way once.
mkdir -p "$R/etc/initramfs-tools/conf.d" "$R/etc/initramfs-tools/hooks"
printf 'MODULES=list\nCOMPRESS=gzip\n' > "$R/etc/initramfs-tools/conf.d/lab.conf"
cat > "$R/etc/initramfs-tools/hooks/lab" <<'EOF'
#!/bin/sh
[ "$1" = prereqs ] && exit 0
. /usr/share/initramfs-tools/hook-functions
for m in virtio_pci virtio_blk ext4 nvme; do manual_add_modules $m; force_load $m; done
EOF
chmod +x "$R/etc/initramfs-tools/hooks/lab"
# no daemons start inside the chroot
printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"; chmod +x "$R/usr/sbin/policy-rc.d"
mount -t proc proc "$R/proc"
mount -t devpts devpts "$R/dev/pts"
if ! chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive sh -c \
    "apt-get update -qq && apt-get install -y -q --no-install-recommends $PKGS && apt-get clean" \
    > "$OUT/chroot-apt.log" 2>&1; then
  tail -20 "$OUT/chroot-apt.log" >&2
  wget -q -T 15 -t 2 -O /dev/null "$MIRROR/dists/$SUITE/Release" || exit 3
  die "apt-get in the chroot failed (log: $OUT/chroot-apt.log)"
fi
unmount_under "$R"
rm -f "$R/usr/sbin/policy-rc.d"

# --- 3. configuration ---------------------------------------------------------------------------
log "configure"
echo vpt-lab > "$R/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 vpt-lab\n' > "$R/etc/hosts"
cat > "$R/etc/fstab" <<'EOF'
/dev/vda  /         ext4  rw,noatime  0 1
# the host's share (QEMU -virtfs, mount tag "lab"): the suite and vpt come in, results go out
lab       /mnt/lab  9p    trans=virtio,version=9p2000.L,msize=524288,nofail,x-systemd.device-timeout=10s  0 0
EOF
mkdir -p "$R/mnt/lab"
chroot "$R" passwd -d root >/dev/null

# Root autologin on the serial console (interactive debugging with `vm.sh up --console`).
mkdir -p "$R/etc/systemd/system/serial-getty@ttyS0.service.d"
cat > "$R/etc/systemd/system/serial-getty@ttyS0.service.d/autologin.conf" <<'EOF'
[Service]
ExecStart=
ExecStart=-/sbin/agetty --autologin root --keep-baud 115200,57600,38400,9600 %I $TERM
EOF

# DHCP on the virtio management NIC only (QEMU user-mode network). The NICs under test stay unconfigured.
cat > "$R/etc/systemd/network/10-mgmt.network" <<'EOF'
[Match]
Driver=virtio_net
[Network]
DHCP=ipv4
LinkLocalAddressing=no
EOF
chroot "$R" systemctl enable systemd-networkd.service >/dev/null 2>&1
# nothing the lab does not use: NVMe-oF autoconnect (nvme-cli) and libvirt-guests (no guests to save at shutdown)
# only cost boot and poweroff time under emulation
chroot "$R" systemctl mask systemd-networkd-wait-online.service apt-daily.timer apt-daily-upgrade.timer \
  e2scrub_reap.service man-db.timer nvmf-autoconnect.service libvirt-guests.service >/dev/null 2>&1 || true

# libvirt: the "default" NAT network needs dnsmasq/iptables, which are not installed: no autostart.
rm -f "$R/etc/libvirt/qemu/networks/autostart/default.xml"

# ssh: key-only root login (the key is generated per image)
mkdir -p "$R/root/.ssh"; chmod 700 "$R/root/.ssh"
ssh-keygen -q -t ed25519 -N '' -C vpt-lab -f "$OUT/id_lab"
cp "$OUT/id_lab.pub" "$R/root/.ssh/authorized_keys"; chmod 600 "$R/root/.ssh/authorized_keys"
printf 'UseDNS no\nPermitRootLogin prohibit-password\n' > "$R/etc/ssh/sshd_config.d/lab.conf"

# Autorun: when the share carries autorun.sh, run it once after boot with its output in the share, then
# power off if the share asks for it (run.sh does; vm.sh does not).
cat > "$R/etc/systemd/system/lab-autorun.service" <<'EOF'
[Unit]
Description=vpt lab: run /mnt/lab/autorun.sh from the host share
RequiresMountsFor=/mnt/lab
After=multi-user.target libvirtd.socket network.target
ConditionPathExists=/mnt/lab/autorun.sh
[Service]
Type=oneshot
StandardOutput=journal+console
ExecStart=/bin/sh -c 'mkdir -p /mnt/lab/out; /bin/bash /mnt/lab/autorun.sh > /mnt/lab/out/autorun.log 2>&1; echo $? > /mnt/lab/out/autorun.rc; sync'
ExecStopPost=/bin/sh -c 'if [ -e /mnt/lab/poweroff ]; then systemctl --no-block poweroff; fi'
[Install]
WantedBy=multi-user.target
EOF
chroot "$R" systemctl enable lab-autorun.service >/dev/null 2>&1

# Modules the lab uses (libvirt loads vfio-pci on demand too).
printf 'vfio\nvfio_pci\nvfio_iommu_type1\n9p\n9pnet_virtio\n' > "$R/etc/modules-load.d/lab.conf"
# journald: in memory, small
mkdir -p "$R/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=32M\n' > "$R/etc/systemd/journald.conf.d/lab.conf"

# A tiny initramfs for the nested (L2) guest: busybox /init that prints a marker on ttyS0 and idles.
# A device can only be hot-unplugged from a guest whose kernel answers the ACPI eject, so the L2 must boot
# a kernel; Debian's 36 MB initramfs would cost ~30 s more under emulation.
D=$R/tmp/l2-initrd.d
rm -rf "$D"; mkdir -p "$D/bin" "$D/proc" "$D/sys" "$D/dev"
cp "$R/bin/busybox" "$D/bin/busybox"
cat > "$D/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sys /sys
/bin/busybox mount -t devtmpfs dev /dev
echo "VPT-L2-READY uptime=$(/bin/busybox cat /proc/uptime)" > /dev/ttyS0
while :; do /bin/busybox sleep 3600; done
EOF
chmod +x "$D/init"
mkdir -p "$R/usr/local/share/vpt-lab"
chroot "$R" sh -c 'cd /tmp/l2-initrd.d && find . | cpio -o -H newc --quiet | gzip -1' > "$R/usr/local/share/vpt-lab/l2-initrd.gz"
rm -rf "$D"

rm -rf "$R"/var/cache/apt/archives/*.deb "$R"/var/lib/apt/lists/*_Packages "$R"/var/lib/apt/lists/*_Translation-*

# --- 4. kernel, initramfs, image -------------------------------------------------------------------
log "kernel, initramfs, ext4 image"
cp -L "$R/vmlinuz" "$OUT/vmlinuz"
cp -L "$R/initrd.img" "$OUT/initrd.img"
mkfs.ext4 -q -F -L vpt-lab -d "$R" "$OUT/lab.img" "$IMG_SIZE"
{
  echo "built: $(date -u +%FT%TZ) from $MIRROR"
  chroot "$R" dpkg-query -W -f '${Package} ${Version}\n' linux-image-amd64 libvirt-daemon libvirt0 \
    qemu-system-x86 systemd libpugixml1v5 libspdlog1.10 libxml2 jq
} > "$OUT/manifest.txt"
BUILD_OK=1
if [ "${VPT_LAB_KEEP_ROOTFS:-0}" != 1 ]; then wipe "$ROOTFS"; fi
log "done: lab.img $(du -h --apparent-size "$OUT/lab.img" | cut -f1) apparent, $(du -h "$OUT/lab.img" | cut -f1) allocated"
