# lib.sh - the tiny test library of the lab suite. Sourced by e2e.sh, runs INSIDE the lab guest (bash >= 5.1).
#
#   run_case NAME FUNC [TIMEOUT_S]   run FUNC in a subshell (own process group) with a hard time limit and print
#                                    "PASS NAME (N ms)", "FAIL NAME (N ms): why" or "SKIP NAME: why".
#   inside a case:  fail "why"       end the case as failed          skip "why"   end it as skipped
#                   defer 'CMD'      run CMD when the case ends (also on fail/skip/time-out), last-in first-out
#   summary                          print "N passed, N failed, N skipped"; returns 1 if anything failed
#
# A case passes when FUNC returns 0. Its stdout/stderr go to a log; on failure the log's tail is printed below
# the FAIL line, indented with "    | ". VPT_LAB_CASES (an extended regex) runs only the cases whose name matches.
#
#   allow_skip NAME                  NAME may end as SKIP in CI too (any other skip fails a CI run: run.sh)
# With LAB_LIST=1 (e2e.sh --list) run_case runs nothing: it prints "case NAME", or "case NAME may-skip", for
# each case the suite would run, so that run.sh knows which results to expect.

CASE_TIMEOUT=${VPT_LAB_CASE_TIMEOUT:-180}
LAB_LIST=${LAB_LIST:-0}
if [ "$LAB_LIST" = 1 ]; then CASE_DIR=/nonexistent; else CASE_DIR=${CASE_DIR:-$(mktemp -d /tmp/lab-cases.XXXXXX)}; fi
PASSED=0 FAILED=0 SKIPPED=0
declare -A SKIP_ALLOWED=()
allow_skip() { SKIP_ALLOWED[$1]=1; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# --- inside a case --------------------------------------------------------------------------------------------
fail() { printf '%s\n' "$*" > "$CASE_REASON"; echo "fail: $*"; exit 1; }
skip() { printf '%s\n' "$*" > "$CASE_REASON"; exit 77; }

# defer CMD: cleanup that runs when the case ends, however it ends (a time-out sends SIGTERM to the case's
# process group; the subshell turns that into an exit so the cleanups still run).
_DEFERRED=()
_run_deferred() {
  local i
  for ((i = ${#_DEFERRED[@]} - 1; i >= 0; i--)); do eval "${_DEFERRED[i]}" || true; done
  _DEFERRED=()
}
defer() {
  _DEFERRED+=("$1")
  trap _run_deferred EXIT
  trap 'exit 143' TERM
}

# expect_eq WHAT GOT WANT: fail unless GOT == WANT
expect_eq() { [ "$2" == "$3" ] || fail "$1: got '$2', expected '$3'"; }

# --- the runner -----------------------------------------------------------------------------------------------
# If the suite itself is stopped (a time limit, ^C), the running case's process group goes with it: it is not in
# the suite's process group, so nobody else would stop it.
_CASE_PID=
_suite_stopped() {
  trap - INT TERM
  if [ -n "$_CASE_PID" ]; then
    kill -TERM -- "-$_CASE_PID" 2>/dev/null
    local i
    for ((i = 0; i < 100; i++)); do kill -0 "$_CASE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$_CASE_PID" 2>/dev/null
  fi
  echo "== suite stopped by a signal"
  exit 143
}
trap _suite_stopped INT TERM

run_case() {
  local name=$1 fn=$2 limit=${3:-$CASE_TIMEOUT}
  if [ -n "${VPT_LAB_CASES:-}" ] && ! [[ $name =~ $VPT_LAB_CASES ]]; then return 0; fi
  if [ "$LAB_LIST" = 1 ]; then echo "case $name${SKIP_ALLOWED[$name]:+ may-skip}"; return 0; fi
  local log=$CASE_DIR/$name.log why=$CASE_DIR/$name.why t0 pid spid done st ms
  rm -f "$why"
  t0=$(now_ms)
  # set -m: the case gets its own process group, so a time-out can kill it and everything it started
  set -m
  ( CASE_REASON=$why; CASE_NAME=$name; "$fn" ) > "$log" 2>&1 < /dev/null &
  pid=$!
  _CASE_PID=$pid
  set +m
  sleep "$limit" & spid=$!
  wait -n -p done "$pid" "$spid"; st=$?
  if [ "$done" = "$pid" ]; then
    kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
  else
    # time-out: TERM (cleanups run), then KILL whatever is left of the group
    kill -TERM -- "-$pid" 2>/dev/null
    local i
    for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    st=124
    echo "timed out after ${limit} s" > "$why"
  fi
  _CASE_PID=
  ms=$(( $(now_ms) - t0 ))
  case $st in
    0) PASSED=$((PASSED + 1)); echo "PASS $name ($ms ms)" ;;
    77) SKIPPED=$((SKIPPED + 1)); echo "SKIP $name: $(head -1 "$why" 2>/dev/null || echo 'no reason given')" ;;
    *)
      FAILED=$((FAILED + 1))
      local reason
      reason=$(head -1 "$why" 2>/dev/null) || true
      [ -n "$reason" ] || reason=$(grep -v '^[[:space:]]*$' "$log" | tail -1)
      [ -n "$reason" ] || reason="exit status $st"
      echo "FAIL $name ($ms ms): $reason"
      tail -25 "$log" | sed 's/^/    | /'
      ;;
  esac
  return 0
}

summary() {
  echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
  [ "$FAILED" = 0 ]
}

# --- oracles: sysfs and libvirt, never vpt ---------------------------------------------------------------------
SYS_PCI=/sys/bus/pci/devices
V="virsh -q -c qemu:///system"

pci_devices() { ls "$SYS_PCI" | sort; }                                   # full addresses, sorted
sys_attr() { cat "$SYS_PCI/$1/$2" 2>/dev/null; }                          # sys_attr ADDR FILE
sys_driver() { local l; l=$(readlink "$SYS_PCI/$1/driver" 2>/dev/null) && basename "$l"; return 0; }
sys_group() { local l; l=$(readlink "$SYS_PCI/$1/iommu_group" 2>/dev/null) && basename "$l"; return 0; }
sys_group_members() { ls "/sys/kernel/iommu_groups/$1/devices" | sort; }
sys_is_bridge() { [[ $(sys_attr "$1" class) == 0x0604* ]]; }              # PCI-to-PCI bridge / root port
nodedev_name() { local a=${1//[:.]/_}; echo "pci_$a"; }                   # 0000:00:10.0 -> pci_0000_00_10_0
short_addr() { echo "${1#0000:}"; }                                       # 0000:00:10.0 -> 00:10.0

# sys_snapshot: read the facts of every PCI device into associative arrays, with globs and `read` only (under
# emulation every fork costs tens of milliseconds):
#   SYS_ADDRS (sorted list)  SYS_VENDOR[a] SYS_DEVICE[a] SYS_CLASS[a]  SYS_DRIVER[a] ("" = none)
#   SYS_GROUP[a] ("" = none)  SYS_MEMBERS[group] (sorted, comma-separated)
#   SYS_SRIOV[a]: "null", "pf:TOTALVFS:VF,VF..." (sorted) or "vf:PF"
#   SYS_NETDEVS[a]: interface names under the device (directly, or one non-PCI level down as with virtio-net)
sys_snapshot() {
  declare -gA SYS_VENDOR=() SYS_DEVICE=() SYS_CLASS=() SYS_DRIVER=() SYS_GROUP=() SYS_MEMBERS=() SYS_SRIOV=() SYS_NETDEVS=()
  SYS_ADDRS=()
  local p a g drv m v total vfs nets
  for g in /sys/kernel/iommu_groups/*; do
    m=
    for p in "$g"/devices/*; do [ -e "$p" ] && { SYS_GROUP[${p##*/}]=${g##*/}; m+=${m:+,}${p##*/}; }; done
    SYS_MEMBERS[${g##*/}]=$m
  done
  for drv in /sys/bus/pci/drivers/*; do
    for p in "$drv"/[0-9a-f]*:*; do [ -e "$p" ] && SYS_DRIVER[${p##*/}]=${drv##*/}; done
  done
  for p in "$SYS_PCI"/*; do
    a=${p##*/}
    SYS_ADDRS+=("$a")
    read -r "SYS_VENDOR[$a]" < "$p/vendor"; read -r "SYS_DEVICE[$a]" < "$p/device"; read -r "SYS_CLASS[$a]" < "$p/class"
    SYS_SRIOV[$a]=null
    if [ -f "$p/sriov_totalvfs" ] && read -r total < "$p/sriov_totalvfs" && [ "$total" -gt 0 ]; then
      vfs=
      for v in "$p"/virtfn*; do [ -e "$v" ] && vfs+=" $(cd -P "$v" && echo "${PWD##*/}")"; done
      vfs=$(printf '%s\n' $vfs | sort | paste -sd,)
      SYS_SRIOV[$a]="pf:$total:$vfs"
    elif [ -e "$p/physfn" ]; then
      SYS_SRIOV[$a]="vf:$(cd -P "$p/physfn" && echo "${PWD##*/}")"
    fi
    nets=
    for v in "$p"/net/* "$p"/*/net/*; do
      [ -e "$v" ] || continue
      # skip interfaces of child PCI functions (behind a bridge)
      [[ ${v#"$p"/} =~ ^[0-9a-f]{4}: ]] && continue
      nets+=${nets:+ }${v##*/}
    done
    SYS_NETDEVS[$a]=$nets
  done
}

# wait_driver ADDR WANT [SECONDS]: until the host driver of ADDR is WANT ("" = none)
wait_driver() {
  local i
  for ((i = 0; i < ${3:-30} * 10; i++)); do [ "$(sys_driver "$1")" = "$2" ] && return 0; sleep 0.1; done
  echo "$1: driver '$(sys_driver "$1")', expected '$2'"
  return 1
}

# wait_nodedevs NAME...: libvirt learns about new PCI functions (VFs) from udev, asynchronously
wait_nodedevs() {
  local n i
  udevadm settle -t 10 || true
  for n in "$@"; do
    for ((i = 0; i < 40; i++)); do $V nodedev-dumpxml "$n" > /dev/null 2>&1 && break; sleep 0.25; done
    $V nodedev-dumpxml "$n" > /dev/null || return 1
  done
}

# virsh_detach ADDR / virsh_reattach ADDR: the oracle's own detach and reattach
virsh_detach() { $V nodedev-detach "$(nodedev_name "$1")" > /dev/null && wait_driver "$1" vfio-pci 10; }
virsh_reattach() { $V nodedev-reattach "$(nodedev_name "$1")" > /dev/null; }

# sriov_enable PF N / sriov_disable PF: VFs through sysfs. NVMe VFs stay offline until `nvme virt-mgmt`
# assigns them resources, so VF driver autoprobe is turned off for NVMe PFs.
sriov_enable() {
  local pf=$1 n=$2 i vf names=()
  [ "$(sys_driver "$pf")" = nvme ] && echo 0 > "$SYS_PCI/$pf/sriov_drivers_autoprobe"
  echo 0 > "$SYS_PCI/$pf/sriov_numvfs"
  echo "$n" > "$SYS_PCI/$pf/sriov_numvfs" || return 1
  for ((i = 0; i < n; i++)); do
    vf=$(basename "$(readlink "$SYS_PCI/$pf/virtfn$i")") || return 1
    names+=("$(nodedev_name "$vf")")
  done
  wait_nodedevs "${names[@]}"
}
sriov_disable() {
  echo 0 > "$SYS_PCI/$1/sriov_numvfs"
  [ -f "$SYS_PCI/$1/sriov_drivers_autoprobe" ] && echo 1 > "$SYS_PCI/$1/sriov_drivers_autoprobe"
  udevadm settle -t 10 || true
}
sriov_vfs() { local l; for l in "$SYS_PCI/$1"/virtfn*; do [ -e "$l" ] && basename "$(readlink "$l")"; done | sort; }

# --- vpt ---------------------------------------------------------------------------------------------------
VPT=${VPT:-vpt}
VPT_URI=${VPT_URI:-qemu:///system}

# vpt_run ARGS...: run vpt; stdout -> $OUT, stderr -> $ERR, exit status -> $RC. Never fails by itself.
vpt_run() {
  OUT=$CASE_DIR/$CASE_NAME.stdout ERR=$CASE_DIR/$CASE_NAME.stderr
  local t0=$(now_ms)
  echo "+ vpt -c $VPT_URI $*"
  "$VPT" -c "$VPT_URI" "$@" > "$OUT" 2> "$ERR" && RC=0 || RC=$?
  echo "  exit $RC after $(( $(now_ms) - t0 )) ms"
  [ -s "$ERR" ] && sed 's/^/  stderr: /' "$ERR" | head -20
  return 0
}

# vpt_json ARGS...: run vpt, which must exit 0 and print one valid JSON document (left in $OUT). The document is
# also kept for run.sh, which validates it against its JSON Schema on the host (json_keep).
vpt_json() {
  vpt_run "$@"
  [ "$RC" = 0 ] || fail "vpt $* exited $RC: $(head -1 "$ERR" | grep . || echo '(nothing on stderr)')"
  jq -e . "$OUT" > /dev/null 2>&1 || fail "vpt $* did not print valid JSON: $(head -c 200 "$OUT")"
  json_keep "$@"
}

# json_schema_of ARGS...: the schema (man/schemas/NAME.schema.json) of what `vpt ARGS --json` prints: the command's
# name, "pool-" and the subcommand for pool; nothing for a command without one
json_schema_of() {
  while [ $# -gt 0 ] && [[ $1 == -* ]]; do shift; done
  case ${1:-} in
    list|show|check|verify|vfs|detach|reattach|reset|assign|unassign|prepare|recover|xml) echo "$1" ;;
    pool) case ${2:-} in create|delete|list|show) echo "pool-$2" ;; esac ;;
  esac
}
# json_keep ARGS...: copy $OUT, the JSON that `vpt ARGS` printed, into $LAB_JSON_DIR (the share, when run.sh runs
# the suite) with one line in its index: file, schema, the command. The lab image has no JSON Schema validator.
json_keep() {
  [ -n "${LAB_JSON_DIR:-}" ] || return 0
  local schema file
  schema=$(json_schema_of "$@")
  [ -n "$schema" ] || return 0
  mkdir -p "$LAB_JSON_DIR"
  file=$CASE_NAME.$(now_ms).$BASHPID.json
  cp "$OUT" "$LAB_JSON_DIR/$file"
  printf '%s\t%s\t%s\n' "$file" "$schema" "$*" >> "$LAB_JSON_DIR/index.tsv"
}

# vpt_bg ARGS...: start vpt in the background (its own stdout/stderr files); sets BG_PID, BG_OUT, BG_ERR.
# Collect it with vpt_bg_wait, which sets BG_RC.
vpt_bg() {
  local n=${BG_N:-0}
  BG_N=$((n + 1))
  BG_OUT=$CASE_DIR/$CASE_NAME.bg$n.stdout BG_ERR=$CASE_DIR/$CASE_NAME.bg$n.stderr
  echo "+ vpt -c $VPT_URI $* &"
  "$VPT" -c "$VPT_URI" "$@" > "$BG_OUT" 2> "$BG_ERR" &
  BG_PID=$!
}
vpt_bg_wait() {
  wait "$1" && BG_RC=0 || BG_RC=$?
  echo "  vpt pid $1 exited $BG_RC"
}

# expect_refused WHAT PATTERN: vpt (vpt_run) exited 1 with exactly one line on stderr matching PATTERN (an
# extended regex, case-insensitive) and nothing on stdout
expect_refused() {
  expect_eq "$1: exit status" "$RC" 1
  expect_eq "$1: lines on stderr" "$(wc -l < "$ERR")" 1
  grep -qiE -- "$2" "$ERR" || fail "$1: stderr does not match /$2/: $(head -1 "$ERR")"
  [ ! -s "$OUT" ] || fail "$1: printed on stdout: $(head -c 200 "$OUT")"
}

# drivers ADDR...: "addr=driver ..." (driver "" when none), for before/after comparisons
drivers() { local a; for a in "$@"; do printf '%s=%s ' "$a" "$(sys_driver "$a")"; done; echo; }

# --- the journal of a host change, read while vpt runs -------------------------------------------------------
# journal_read FILE: J_ADDR[i] ("-" for a step on no device) and J_STATE[i] of every step, in plan order. Uses no
# external command, so a tight loop can poll it while vpt works. Returns 1 when there is no journal.
# A step is named by its device's address, or "@INDEX" (its place in the plan, from 0).
# The journal is JSON with one key a line (a step's keys indented by 6): matching the start of each line stays
# fast when a step carries a whole guest definition on one line.
journal_read() {
  local line
  J_ADDR=() J_STATE=()
  [ -e "$1" ] || return 1
  while IFS= read -r line; do
    case $line in
      '      "address": null,') J_ADDR+=(-) ;;
      '      "address": "'*) line=${line#*: \"}; J_ADDR+=("${line%%\"*}") ;;
      '      "state": "'*) line=${line#*: \"}; J_STATE+=("${line%%\"*}") ;;
    esac
  done < "$1" 2> /dev/null
  [ ${#J_ADDR[@]} -gt 0 ] && [ ${#J_ADDR[@]} = ${#J_STATE[@]} ]
}
# journal_is I KEY: step I is the one KEY names
journal_is() { [ "$2" = "@$1" ] || [ "${J_ADDR[$1]}" = "$2" ]; }
# journal_state FILE KEY: the state of KEY's step ("" if none)
journal_state() {
  local i
  journal_read "$1" || return 0
  for i in "${!J_ADDR[@]}"; do journal_is "$i" "$2" && echo "${J_STATE[i]}"; done
  return 0
}
# journal_after FILE KEY: true if a step after KEY's has left "pending"
journal_after() {
  local i seen=
  for i in "${!J_ADDR[@]}"; do
    [ -n "$seen" ] && [ "${J_STATE[i]}" != pending ] && return 0
    journal_is "$i" "$2" && seen=1
  done
  return 1
}

# vpt_stop_at PID FILE ADDR: SIGSTOP the vpt PID as soon as its journal FILE shows ADDR's step started
# (applying or applied). Returns 0 when it stopped in time, 2 when it stopped but a later step had already
# started (too late), 1 when vpt ended first or 30 s passed.
vpt_stop_at() {
  local pid=$1 j=$2 addr=$3 i end=$((SECONDS + 30))
  while kill -0 "$pid" 2> /dev/null && [ $SECONDS -lt $end ]; do
    journal_read "$j" || continue
    for i in "${!J_ADDR[@]}"; do
      if journal_is "$i" "$addr" && [ "${J_STATE[i]}" != pending ]; then
        kill -STOP "$pid"
        journal_read "$j"
        echo "  stopped vpt $pid: journal ${J_STATE[*]}"
        ! journal_after "$j" "$addr" || { echo "  too late: a later step started"; return 2; }
        return 0
      fi
    done
  done
  echo "  vpt $pid ended (or 30 s passed) before the step of $addr started"
  return 1
}
# vpt_step_to PID FILE ADDR STATE [SECONDS]: let a stopped vpt run until ADDR's step is at STATE, not one step
# further, and leave it stopped there (SIGSTOP). Fails if vpt ends first, a later step starts, or SECONDS
# (default 120) pass. STATE is a moment of the step, as a kill -9 there would leave it:
#   applying  the journal says "applying", and vpt has just written that (its call may be under way)
#   returned  the journal says "applying", and the step's call has returned: vpt is about to write "applied"
#   applied   the journal says "applied", and vpt has not yet written that the next step started
# How, without slowing vpt down or racing it (VPT_STEPPER below, in Perl: the image has perl-base but no
# inotifywait, and bash cannot take a lease):
#   vpt saves its journal by writing FILE.tmp and renaming it over FILE. While vpt is stopped between two
#   saves, the stepper creates FILE.tmp itself and takes a read lease on it (fcntl F_SETLEASE): vpt's next
#   save opens it for writing, which breaks the lease, and the kernel holds vpt inside open() until the
#   stepper lets go; the stepper gets SIGIO and stops vpt right there. So vpt runs at full speed through its
#   libvirt calls (a step of any length is reached, on an idle machine too) and is caught at every save,
#   before it writes a byte: the saved journal is then the state before that save ("returned" is caught so).
#   To get past the save, the stepper lets go, watches in a tight loop for FILE.tmp to disappear (the rename)
#   and stops vpt the moment it does ("applying", "applied"): after the rename vpt syncs the directory, so it
#   is still there. Watching, the stepper runs SCHED_FIFO on the first CPU and vpt on the last one, for the few
#   milliseconds of a save only. Should vpt slip through the next save all the same, the journal shows a later
#   step started, and the stepper says so (callers try again).
vpt_step_to() {
  local pid=$1 j=$2 addr=$3 want=$4 rc
  case $want in applying|returned|applied) ;; *) echo "vpt_step_to: unknown state $want"; return 1 ;; esac
  perl -e "$VPT_STEPPER" "$pid" "$j" "$addr" "$want" "${5:-120}" && rc=0 || rc=$?
  return $rc
}

# vpt_bg_stopped ARGS...: vpt_bg, with vpt stopped (SIGSTOP) before it starts, for vpt_step_to
vpt_bg_stopped() {
  local n=${BG_N:-0}
  BG_N=$((n + 1))
  BG_OUT=$CASE_DIR/$CASE_NAME.bg$n.stdout BG_ERR=$CASE_DIR/$CASE_NAME.bg$n.stderr
  echo "+ vpt -c $VPT_URI $* & (stopped)"
  ( kill -STOP $BASHPID; exec "$VPT" -c "$VPT_URI" "$@" ) > "$BG_OUT" 2> "$BG_ERR" &
  BG_PID=$!
}

# The stepper of vpt_step_to: perl -e "$VPT_STEPPER" PID JOURNAL KEY STATE SECONDS
read -r -d '' VPT_STEPPER <<'PERL' || true
use strict;
use warnings;
use Fcntl qw(O_RDONLY O_CREAT F_SETLEASE F_RDLCK F_UNLCK);
my ($pid, $journal, $key, $want, $limit) = @ARGV;
my $tmp = "$journal.tmp";
my $end = time + $limit;
my ($lease, $broken);
$| = 1;
# the lease breaks: vpt is opening FILE.tmp to write its next save, and waits in open() until we let go
$SIG{IO} = sub { $broken = 1; kill 'STOP', $pid };

sub proc_state { open(my $f, '<', "/proc/$pid/stat") or return 'X'; my $l = <$f>; $l =~ /\) (\S)/; $1 }
sub gone { proc_state() =~ /[ZX]/ }
sub give_up { print "  vpt $pid: $_[0]\n"; exit 1 }
sub stopped { my ($where, @st) = @_; print "  vpt $pid stopped $where: journal ", join(' ', map { $_->[1] } @st), "\n"; exit 0 }

# the steps of the saved journal, [address, state] each (read as journal_read reads it)
sub steps {
  open(my $f, '<', $journal) or return ();
  my (@a, @s);
  while (<$f>) {
    if (/^      "address": null,/) { push @a, '-' }
    elsif (/^      "address": "([^"]*)"/) { push @a, $1 }
    elsif (/^      "state": "([^"]*)"/) { push @s, $1 }
  }
  return () unless @a && @a == @s;
  return map { [$a[$_], $s[$_]] } 0 .. $#a;
}

# judge AT_OPEN, STEPS: 1 when the wanted moment is reached, 0 to go on; gives up past it.
# AT_OPEN: vpt is held before a save (else: right after one).
sub judge {
  my ($at_open, @st) = @_;
  my ($i) = grep { $key eq "\@$_" || $st[$_][0] eq $key } 0 .. $#st;
  return 0 unless defined $i;
  give_up("overshot: a step after $key started") if grep { $st[$_][1] ne 'pending' } $i + 1 .. $#st;
  my $s = $st[$i][1];
  return 1 if $want eq 'applied' && $s eq 'applied';
  return 1 if $want eq 'applying' && $s eq 'applying' && !$at_open;
  return 1 if $want eq 'returned' && $s eq 'applying' && $at_open;
  my %rank = (pending => 0, applying => 1, applied => 2);
  give_up("overshot: $key is $s") if !exists $rank{$s} || $rank{$s} > ($want eq 'applied' ? 2 : 1);
  return 0;
}

# vpt is stopped when we start (one started stopped may not have stopped itself yet)
for (my $n = 0; proc_state() ne 'T'; $n++) {
  give_up("not stopped") if $n > 500 || gone();
  select(undef, undef, undef, 0.01);
}
my $cpus = grep { /^processor/ } do { open(my $f, '<', '/proc/cpuinfo') or die; <$f> };
system("taskset -a -p -c " . ($cpus - 1) . " $pid > /dev/null; taskset -p -c 0 $$ > /dev/null") if $cpus >= 2;
sub fifo { syscall(144, 0, $_[0], pack('i', $_[0])) if $cpus >= 2 }   # sched_setscheduler(0, FIFO or OTHER)

while (1) {
  give_up("$limit s passed before $key was $want") if time > $end;
  # the trap on the next save; it fails only while vpt has FILE.tmp open (stopped inside a save)
  sysopen($lease, $tmp, O_RDONLY | O_CREAT, 0600) or give_up("cannot create $tmp: $!");
  if (fcntl($lease, F_SETLEASE, F_RDLCK)) {
    $broken = 0;
    kill 'CONT', $pid;
    select(undef, undef, undef, 0.05) until $broken || gone() || time > $end;
    give_up("ended before $key was $want") if gone();
    give_up("$limit s passed before $key was $want") unless $broken;
    my @st = steps();
    stopped("before writing its journal", @st) if judge(1, @st);
    fcntl($lease, F_SETLEASE, F_UNLCK);
  } elsif (!$!{EAGAIN}) {
    give_up("cannot take a lease on $tmp: $!");
  }
  close($lease);
  # through the save: stopped the moment its rename is done
  fifo(1);
  kill 'CONT', $pid;
  my $n = 0;
  while (-e $tmp) {
    next if ++$n % 256;
    fifo(0), give_up("ended before $key was $want") if gone();
    fifo(0), give_up("$limit s passed before $key was $want") if time > $end;
  }
  kill 'STOP', $pid;
  fifo(0);
  select(undef, undef, undef, 0.001) until proc_state() =~ /[TZX]/ || time > $end;
  give_up("ended before $key was $want") if gone() || !-e $journal;
  my @st = steps();
  stopped("after writing its journal", @st) if judge(0, @st);
}
PERL

# --- guest XML ---------------------------------------------------------------------------------------------------
# hostdev_sources: the source addresses (dddd:bb:ss.f) of the PCI <hostdev>s in the domain XML on stdin
hostdev_sources() {
  awk '/<hostdev /{h=1; s=0} h && /<source>/{s=1} h && s && /<address /{print; s=0} /<\/hostdev>/{h=0}' |
    sed -nE "s/.*domain='0x([0-9a-f]{4})' bus='0x([0-9a-f]{2})' slot='0x([0-9a-f]{2})' function='0x([0-7])'.*/\1:\2:\3.\4/p" | sort
}
# hostdev_block ADDR: the whole <hostdev> element whose source is ADDR, from the domain XML on stdin
hostdev_block() {
  local d=${1:0:4} b=${1:5:2} s=${1:8:2} f=${1:11:1}
  awk -v want="domain='0x$d' bus='0x$b' slot='0x$s' function='0x$f'" '
    /<hostdev /{h=1; s=0; hit=0; blk=""} h{blk=blk $0 "\n"} h && /<source>/{s=1}
    h && s && index($0, want){hit=1} /<\/source>/{s=0} /<\/hostdev>/{if (hit) printf "%s", blk; h=0}'
}

# keep_drivers ADDR...: when the case ends, put each ADDR back on the driver it has now (virsh
# nodedev-reattach when it is elsewhere). Call it first in a case: deferred commands run last-in first-out.
keep_drivers() {
  local a
  for a in "$@"; do defer "restore_driver $a '$(sys_driver "$a")'"; done
}
restore_driver() {
  [ -e "$SYS_PCI/$1" ] || { echo 1 > /sys/bus/pci/rescan; udevadm settle -t 10; }
  [ "$(sys_driver "$1")" = "$2" ] && return 0
  echo "cleanup: $1 is on '$(sys_driver "$1")', putting it back on '$2'"
  $V nodedev-reattach "$(nodedev_name "$1")" > /dev/null
  wait_driver "$1" "$2" 10
}
