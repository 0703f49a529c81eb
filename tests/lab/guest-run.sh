#!/bin/bash
# guest-run.sh - runs INSIDE the lab guest, from the 9p share (/mnt/lab). run.sh puts it there as autorun.sh,
# which the guest's lab-autorun.service runs once after boot (then the guest powers off); interactively:
# `vm.sh e2e` runs it over ssh.
# Installs the host-built vpt from the share (its package with dpkg, offline: the image holds its Depends; or the
# bare binary), then runs the suite under a hard time limit.
set -u
S=${LAB_SHARE:-/mnt/lab}
# settings from the host (lab.env: VAR=VALUE lines); a variable already set in the environment wins
if [ -f "$S/lab.env" ]; then
  while IFS='=' read -r k v; do
    [ -n "$k" ] && [ -z "${!k+x}" ] && eval "export $k=$v"
  done < "$S/lab.env"
fi
if [ -f "$S/vpt.deb" ]; then
  dpkg -i "$S/vpt.deb" > /tmp/vpt-dpkg.log 2>&1 ||
    echo "FAIL lab: dpkg -i vpt.deb: $(grep -v '^(Reading\|^Selecting\|^Preparing\|^Unpacking' /tmp/vpt-dpkg.log | tail -4 | xargs)"
else
  install -m 0755 "$S/bin/vpt" /usr/local/bin/vpt
fi
udevadm settle -t 30 || true          # every device probed by its driver before the suite looks at them
echo "== guest: kernel $(uname -r), libvirt $(virsh --version), $(qemu-system-x86_64 --version | head -1)," \
     "up $(cut -d' ' -f1 /proc/uptime) s"
# A stage after a reboot (persist.sh): the suite goes on where it asked for the reboot.
STAGES=/var/lib/vpt-lab
export VPT_LAB_STAGE=$(cat "$STAGES/stage" 2> /dev/null)
[ -n "$VPT_LAB_STAGE" ] && echo "== stage $VPT_LAB_STAGE after a reboot"
rm -f "$STAGES/next-stage"
# every JSON document vpt prints for the suite goes to the host, which validates it (run.sh: the image has no
# JSON Schema validator)
export LAB_JSON_DIR=$S/out/json
timeout -k 10 "${VPT_LAB_SUITE_TIMEOUT:-1200}" bash "$S/e2e.sh"
rc=$?
[ $rc = 124 ] && echo "== e2e.sh killed after ${VPT_LAB_SUITE_TIMEOUT:-1200} s"
# the suite's status is the worst of its stages
earlier=$(cat "$STAGES/rc" 2> /dev/null || echo 0)
[ "$earlier" != 0 ] && [ "$rc" = 0 ] && rc=$earlier
# run.sh asks for a power-off at the end (the share's "poweroff"); while stages are pending it is put aside
[ -e "$S/poweroff.later" ] && mv "$S/poweroff.later" "$S/poweroff"
if [ -s "$STAGES/next-stage" ]; then
  # Reboot into the guest's own kernel and initramfs (kexec: QEMU boots the lab's copies, and a reset would
  # lose the disk). This stage's lines are kept for run.sh, the next boot's autorun.log starts empty.
  next=$(cat "$STAGES/next-stage")
  mv "$STAGES/next-stage" "$STAGES/stage"
  echo "$rc" > "$STAGES/rc"
  cmdline=$(cat /proc/cmdline)
  if [ ! -e "$S/poweroff" ]; then
    echo "FAIL lab: stage $next needs a reboot, which only run.sh makes"
  elif perl -e 'open(my $k, "<", $ARGV[0]) or die "$ARGV[0]: $!"; open(my $i, "<", $ARGV[1]) or die "$ARGV[1]: $!";
              # kexec_file_load(2), x86_64 syscall 320: kernel fd, initrd fd, command line length with its NUL
              syscall(320, fileno($k), fileno($i), length($ARGV[2]) + 1, $ARGV[2], 0) == 0 or die "kexec_file_load: $!"' \
       "/boot/vmlinuz-$(uname -r)" "/boot/initrd.img-$(uname -r)" "$cmdline" 2>&1; then
    echo "== rebooting (kexec) into stage $next"
    cat "$S/out/autorun.log" >> "$S/out/earlier.log"
    mv "$S/poweroff" "$S/poweroff.later"   # the autorun service powers off when it ends while "poweroff" is there
    sync
    systemctl --no-block kexec
    exit "$rc"
  else
    echo "FAIL lab: cannot kexec into stage $next"
  fi
  rm -f "$STAGES/stage"
  rc=1
fi
exit $rc
