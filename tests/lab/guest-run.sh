#!/bin/bash
# guest-run.sh - runs INSIDE the lab guest, from the 9p share (/mnt/lab). run.sh puts it there as autorun.sh,
# which the guest's lab-autorun.service runs once after boot (then the guest powers off); interactively:
# `vm.sh e2e` runs it over ssh.
# Installs the host-built vpt from the share, then runs the suite under a hard time limit.
set -u
S=${LAB_SHARE:-/mnt/lab}
# settings from the host (lab.env: VAR=VALUE lines); a variable already set in the environment wins
if [ -f "$S/lab.env" ]; then
  while IFS='=' read -r k v; do
    [ -n "$k" ] && [ -z "${!k+x}" ] && eval "export $k=$v"
  done < "$S/lab.env"
fi
install -m 0755 "$S/bin/vpt" /usr/local/bin/vpt
udevadm settle -t 30 || true          # every device probed by its driver before the suite looks at them
echo "== guest: kernel $(uname -r), libvirt $(virsh --version), $(qemu-system-x86_64 --version | head -1)," \
     "up $(cut -d' ' -f1 /proc/uptime) s"
timeout -k 10 "${VPT_LAB_SUITE_TIMEOUT:-1200}" bash "$S/e2e.sh"
rc=$?
[ $rc = 124 ] && echo "== e2e.sh killed after ${VPT_LAB_SUITE_TIMEOUT:-1200} s"
exit $rc
