#!/bin/bash
# fetch-qemu10.sh OUTDIR - unpack QEMU 10 from Debian bookworm-backports into OUTDIR without installing it.
#
# Why: bookworm's QEMU 7.2 has no igb device (Intel 82576, an SR-IOV NIC: QEMU >= 8.0), and the lab needs an
# SR-IOV PF with a netdev for VF pools (<forward mode='hostdev'><pf dev=.../>). The host keeps its QEMU 7.2,
# which also brings every shared library the QEMU 10 binary links against.
# How: a private apt configuration under OUTDIR.apt (sources, lists, cache): /etc/apt is not touched.
# The .debs are `dpkg -x`ed to OUTDIR (usr/bin/qemu-system-x86_64, usr/share/qemu, usr/share/seabios).
#
# Caveat: the binary's compiled-in module directory holds the host QEMU 7.2's modules, so anything that makes
# it enumerate modules (`-device help`, GTK display, ...) aborts with "Only modules from the same build can be
# loaded". The lab uses only built-in devices and -display none.
set -euo pipefail
OUT=${1:?usage: fetch-qemu10.sh OUTDIR}
MIRROR=${VPT_LAB_MIRROR:-http://deb.debian.org/debian}
A=$OUT.apt
rm -rf "$OUT" "$OUT.tmp" "$A"
mkdir -p "$A/lists/partial" "$A/cache/archives/partial" "$A/debs"
echo "deb $MIRROR bookworm-backports main" > "$A/sources.list"
APT=(-o "Dir::Etc::SourceList=$A/sources.list" -o Dir::Etc::SourceParts=/nonexistent
     -o "Dir::State::Lists=$A/lists" -o "Dir::Cache=$A/cache" -o APT::Sandbox::User=root)
apt-get "${APT[@]}" update -qq
(cd "$A/debs" && apt-get "${APT[@]}" download \
   qemu-system-x86/bookworm-backports qemu-system-data/bookworm-backports seabios/bookworm-backports)
for f in "$A"/debs/*.deb; do dpkg -x "$f" "$OUT.tmp"; done
Q=$OUT.tmp/usr/bin/qemu-system-x86_64
if ldd "$Q" | grep 'not found'; then
  echo "fetch-qemu10: shared libraries missing (install bookworm's qemu-system-x86 first)" >&2; exit 1
fi
"$Q" --version | head -1
# prove the igb device is there and the machine starts (paused, then quit via QMP)
printf '{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n' | timeout 30 "$Q" \
  -L "$OUT.tmp/usr/share/seabios" -L "$OUT.tmp/usr/share/qemu" -machine q35 -nodefaults -no-user-config \
  -display none -S -netdev hubport,id=n,hubid=0 -device igb,netdev=n -qmp stdio > /dev/null
mv "$OUT.tmp" "$OUT"
rm -rf "$A"
echo "fetch-qemu10: ready in $OUT"
