#!/usr/bin/env bash
# bench/run.sh: how fast and how lean `vpt list --json` reads a large host,
# compared with the raw libvirt API floor (bench/raw_floor.c) and with a virsh
# session, on generated hosts of 50, 500 and 2,000 PCI devices, through the
# in-process test driver and through a private libvirtd's UNIX socket; and, on
# the 500-device host, through that socket behind a 20 ms round trip
# (bench/latency_proxy.py) against a floor keeping 64 calls in flight
# (bench/pipelined_floor.c); and there, many hosts at once: `vpt list -c
# ... -c ...` on 8 such hosts against 8 pipelined floors run at once (and
# against `vpt list` on one).
# See bench/README.md.  Not part of the test suite.
set -euo pipefail
export LC_ALL=C

usage() {
    cat <<'EOF'
usage: bench/run.sh [options]
  --reps N            timed repetitions of each program, interleaved (default 7)
  --rss-reps N        /usr/bin/time -v runs for peak RSS (default 3)
  --sizes "N ..."     PCI devices per generated host (default "50 500 2000")
  --transports "T .." test (in-process test driver), unix (private libvirtd
                      over a UNIX socket) and/or unix+Nms (the same socket
                      behind a proxy adding a round trip of N ms; against the
                      pipelined floor, no virsh) (default "test unix unix+20ms")
  --slow-sizes "N .." the sizes unix+Nms runs on (default "500")
  --many-hosts N      with unix+Nms: also N hosts in one vpt list, each
                      behind a proxy of its own, against one (default 8; 0: no)
  --vpt FILE          measure this vpt binary (e.g. another tree's) instead of
                      the one built here
  --build DIR         build directory (default: build-bench in the source tree,
                      or $VPT_BENCH_BUILD)
  --no-build          use the binaries already in the build directory
  --keep              keep the temporary directory (hosts, daemon log)
The libvirtd transport runs the daemon as an unprivileged user: as root, the
system user 'vptbench' (created if missing); otherwise the calling user.
EOF
}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${VPT_BENCH_BUILD:-$ROOT/build-bench}
REPS=7
RSS_REPS=3
SIZES="50 500 2000"
TRANSPORTS="test unix unix+20ms"
SLOW_SIZES="500"
MANY_HOSTS=8
VPT_OVERRIDE=
DO_BUILD=1
KEEP=0
DAEMON_USER=vptbench

while (($#)); do
    case $1 in
        --reps) REPS=$2; shift 2 ;;
        --rss-reps) RSS_REPS=$2; shift 2 ;;
        --sizes) SIZES=$2; shift 2 ;;
        --transports) TRANSPORTS=$2; shift 2 ;;
        --slow-sizes) SLOW_SIZES=$2; shift 2 ;;
        --many-hosts) MANY_HOSTS=$2; shift 2 ;;
        --vpt) VPT_OVERRIDE=$2; shift 2 ;;
        --build) BUILD=$2; shift 2 ;;
        --no-build) DO_BUILD=0; shift ;;
        --keep) KEEP=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
[[ $REPS =~ ^[1-9][0-9]*$ && $RSS_REPS =~ ^[1-9][0-9]*$ ]] || { echo "bad --reps/--rss-reps" >&2; exit 2; }
[[ $MANY_HOSTS =~ ^[0-9]+$ ]] || { echo "bad --many-hosts" >&2; exit 2; }
RTT_MS=
for t in $TRANSPORTS; do
    if [[ $t =~ ^unix\+([0-9]+)ms$ ]]; then
        [[ -z $RTT_MS || $RTT_MS == "${BASH_REMATCH[1]}" ]] || { echo "one unix+Nms transport at a time" >&2; exit 2; }
        RTT_MS=${BASH_REMATCH[1]}
        continue
    fi
    [[ $t == test || $t == unix ]] || { echo "unknown transport '$t'" >&2; exit 2; }
done
is_slow() { [[ $1 == unix+* ]]; }

# Targets at 2,000 devices (the largest host), and through the slow link at
# 500; other sizes are informative.
TARGET_SIZE=2000
SLOW_TARGET_SIZE=500
declare -A TIME_TARGET=([test]=1.30 [unix]=1.20 [slow]=1.50 [many]=1.50)
RSS_TARGET_MIB=40

say() { printf '%s\n' "$*" >&2; }
die() { say "run.sh: $*"; exit 1; }

for tool in virsh python3 /usr/bin/time cmake pkg-config; do
    command -v "$tool" >/dev/null || die "'$tool' is missing (apt-get install libvirt-clients python3 time cmake pkg-config)"
done
LIBVIRTD=/usr/sbin/libvirtd
if [[ " $TRANSPORTS " == *" unix"* ]]; then
    [[ -x $LIBVIRTD ]] || die "$LIBVIRTD is missing (apt-get install libvirt-daemon)"
    command -v setpriv >/dev/null || die "setpriv is missing (apt-get install util-linux)"
fi

# ---- build ---------------------------------------------------------------
VPT=$BUILD/vpt
FLOOR=$BUILD/bench-floor/raw_floor
PIPELINED_FLOOR=$BUILD/bench-floor/pipelined_floor
if ((DO_BUILD)); then
    if [[ -z $VPT_OVERRIDE ]]; then
        say "building vpt (Release) in $BUILD"
        cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DVPT_BUILD_TESTS=OFF >/dev/null
        cmake --build "$BUILD" --target vpt -j"$(nproc)" >/dev/null
    fi
    say "building raw_floor and pipelined_floor in $BUILD/bench-floor"
    cmake -S "$ROOT/bench" -B "$BUILD/bench-floor" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD/bench-floor" >/dev/null
fi
[[ -n $VPT_OVERRIDE ]] && VPT=$VPT_OVERRIDE
[[ -x $VPT && -x $FLOOR && -x $PIPELINED_FLOOR ]] || die "no $VPT, $FLOOR or $PIPELINED_FLOOR (drop --no-build)"

# ---- scratch space, daemon, cleanup --------------------------------------
WORK=$(mktemp -d -t vpt-bench.XXXXXX)
chmod 755 "$WORK"  # the daemon's user reads the host files
DAEMON_PID=
SOCKET=
PROXY_PID=
PROXY_SOCKET=
MANY_PIDS=()
MANY_URIS=()

stop_daemon() {
    [[ -n $DAEMON_PID ]] || return 0
    kill "$DAEMON_PID" 2>/dev/null || true
    for _ in $(seq 100); do
        kill -0 "$DAEMON_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$DAEMON_PID" 2>/dev/null || true
    wait "$DAEMON_PID" 2>/dev/null || true
    DAEMON_PID=
}

stop_proxy() {
    local pid
    for pid in "${MANY_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    MANY_PIDS=()
    [[ -n $PROXY_PID ]] || return 0
    kill "$PROXY_PID" 2>/dev/null || true
    wait "$PROXY_PID" 2>/dev/null || true
    PROXY_PID=
}

cleanup() {
    stop_proxy
    stop_daemon
    if ((KEEP)); then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A private libvirtd: unprivileged, UNIX socket only, no authentication on a
# socket in a private directory, and no hypervisor driver (LIBVIRT_DRIVER_DIR
# is an empty directory); it serves the test driver, which lives in libvirt.so.
start_daemon() {
    local dir=$WORK/libvirtd run_as=()
    mkdir -p "$dir/home" "$dir/no-drivers"
    cat >"$dir/libvirtd.conf" <<EOF
listen_tcp = 0
listen_tls = 0
unix_sock_dir = "$dir"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0777"
unix_sock_admin_perms = "0700"
auth_unix_ro = "none"
auth_unix_rw = "none"
log_outputs = "3:stderr"
EOF
    if ((EUID == 0)); then
        if ! id -u "$DAEMON_USER" >/dev/null 2>&1; then
            say "creating system user $DAEMON_USER to run libvirtd unprivileged"
            useradd --system --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$DAEMON_USER"
        fi
        chown -R "$DAEMON_USER:" "$dir"
        run_as=(setpriv --reuid="$DAEMON_USER" --regid="$DAEMON_USER" --init-groups --)
    fi
    # setpriv and env exec, so $! is the daemon itself.
    "${run_as[@]}" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$dir/home" \
        XDG_RUNTIME_DIR="$dir/home" XDG_CONFIG_HOME="$dir/home" XDG_CACHE_HOME="$dir/home" \
        LIBVIRT_DRIVER_DIR="$dir/no-drivers" \
        "$LIBVIRTD" -f "$dir/libvirtd.conf" >"$dir/libvirtd.log" 2>&1 </dev/null &
    DAEMON_PID=$!
    SOCKET=$dir/libvirt-sock
    for _ in $(seq 150); do
        [[ -S $SOCKET ]] && break
        kill -0 "$DAEMON_PID" 2>/dev/null || { cat "$dir/libvirtd.log" >&2; die "libvirtd exited"; }
        sleep 0.1
    done
    [[ -S $SOCKET ]] || { cat "$dir/libvirtd.log" >&2; die "libvirtd made no socket"; }
    if command -v ss >/dev/null && ss -Hltuwnp 2>/dev/null | grep -q "pid=$DAEMON_PID,"; then
        die "libvirtd listens on a network socket"
    fi
    say "libvirtd (pid $DAEMON_PID, user $(ps -o user= -p "$DAEMON_PID")) serving $SOCKET, no network listener"
}

# The slow link: bench/latency_proxy.py in front of the daemon's socket, each
# chunk delayed by half the round trip in each direction, order kept.
start_proxy() {
    PROXY_SOCKET=$WORK/slow-sock
    python3 "$ROOT/bench/latency_proxy.py" "$PROXY_SOCKET" "$SOCKET" --rtt-ms "$RTT_MS" \
        2>"$WORK/proxy.log" </dev/null &
    PROXY_PID=$!
    for _ in $(seq 100); do
        [[ -S $PROXY_SOCKET ]] && break
        kill -0 "$PROXY_PID" 2>/dev/null || { cat "$WORK/proxy.log" >&2; die "latency proxy exited"; }
        sleep 0.05
    done
    [[ -S $PROXY_SOCKET ]] || die "the latency proxy made no socket"
    say "latency proxy (pid $PROXY_PID) adding a ${RTT_MS} ms round trip in front of it"
}

# Many hosts: MANY_HOSTS - 1 more proxies, so that each of the hosts has a
# link of its own, all in front of the one daemon (private daemons would share
# the same CPUs). MANY_URIS: the first through the main proxy, then these.
start_many_proxies() {  # start_many_proxies HOST
    local i sock
    MANY_URIS=("test+unix://$1?socket=$PROXY_SOCKET")
    for ((i = 2; i <= MANY_HOSTS; i++)); do
        sock=$WORK/slow-sock-$i
        python3 "$ROOT/bench/latency_proxy.py" "$sock" "$SOCKET" --rtt-ms "$RTT_MS" \
            2>>"$WORK/proxy.log" </dev/null &
        MANY_PIDS+=($!)
        MANY_URIS+=("test+unix://$1?socket=$sock")
    done
    for ((i = 2; i <= MANY_HOSTS; i++)); do
        for _ in $(seq 100); do [[ -S $WORK/slow-sock-$i ]] && break; sleep 0.05; done
        [[ -S $WORK/slow-sock-$i ]] || die "latency proxy $i made no socket"
    done
    say "$((MANY_HOSTS - 1)) more latency proxies, one link per host"
}

# ---- measuring -----------------------------------------------------------
# run_one TOOL URI HOST: one run of TOOL, output discarded.
run_one() {
    case $1 in
        floor) "$FLOOR" "$2" >/dev/null </dev/null ;;
        pfloor) "$PIPELINED_FLOOR" "$2" >/dev/null </dev/null ;;
        pfloorall) "$PIPELINED_FLOOR" --all "$2" >/dev/null </dev/null ;;
        vpt) "$VPT" -c "$2" list --json >/dev/null </dev/null ;;
        vptmany) "$VPT" "${MANY_ARGS[@]}" list --json >/dev/null </dev/null ;;
        pfloormany) many_floors ;;
        virsh) virsh -q -c "$2" >/dev/null <"$3.virsh" ;;
    esac
}

# many_floors: one pipelined floor per host of MANY_URIS, all at once, on the
# same CPUs as vpt's threads: the least a client reading them together must do.
many_floors() {
    local uri pids=() pid failed=0
    for uri in "${MANY_URIS[@]}"; do
        "$PIPELINED_FLOOR" "$uri" >/dev/null </dev/null &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
    return $failed
}

# CPU time, a load-resistant second measure: what the finished children of
# this shell have used (bash's `times`, no fork) plus, through the socket, what
# every thread of the daemon has used (/proc/PID/task/*/schedstat, in ns).
cpu_us() {
    local line cu cs total=0 ns f
    times >"$WORK/times"
    { read -r line; read -r cu cs; } <"$WORK/times"
    for t in "$cu" "$cs"; do
        t=${t%s}
        local m=${t%%m*} sec=${t#*m}
        local whole=${sec%[.,]*} frac=${sec#*[.,]}000000
        total=$((total + (10#$m * 60 + 10#$whole) * 1000000 + 10#${frac:0:6}))
    done
    if [[ -n $DAEMON_PID ]]; then
        for f in /proc/"$DAEMON_PID"/task/*/schedstat; do
            read -r ns _ <"$f" 2>/dev/null && total=$((total + ns / 1000))
        done
    fi
    REPLY=$total
}

# time_one TOOL URI HOST: wall-clock microseconds in REPLY, CPU microseconds
# (the program's, and the daemon's on its behalf) in CPU_USED.
time_one() {
    local t0 t1 c0
    cpu_us; c0=$REPLY
    t0=${EPOCHREALTIME/[.,]/}
    run_one "$@" 2>"$WORK/stderr" || { cat "$WORK/stderr" >&2; die "$1 failed on $2"; }
    t1=${EPOCHREALTIME/[.,]/}
    cpu_us; CPU_USED=$((REPLY - c0))
    REPLY=$((t1 - t0))
}

# rss_one TOOL URI HOST: peak RSS in KiB in REPLY, as /usr/bin/time -v reports it.
rss_one() {
    case $1 in
        floor) /usr/bin/time -v -o "$WORK/time.txt" "$FLOOR" "$2" >/dev/null 2>&1 </dev/null ;;
        pfloor) /usr/bin/time -v -o "$WORK/time.txt" "$PIPELINED_FLOOR" "$2" >/dev/null 2>&1 </dev/null ;;
        vpt) /usr/bin/time -v -o "$WORK/time.txt" "$VPT" -c "$2" list --json >/dev/null 2>&1 </dev/null ;;
    esac || die "$1 failed on $2"
    REPLY=$(awk -F': *' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
}

range() { (($#)) || { printf '0-0'; return; }; printf '%s\n' "$@" | sort -n | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.1f-%.1f", lo / 1000, hi / 1000}'; }

median() { (($#)) || { echo 0; return; }; printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

uri_for() {  # uri_for TRANSPORT HOST
    case $1 in
        test) printf 'test://%s' "$2" ;;
        unix) printf 'test+unix://%s?socket=%s' "$2" "$SOCKET" ;;
        unix+*) printf 'test+unix://%s?socket=%s' "$2" "$PROXY_SOCKET" ;;
    esac
}

# ---- hosts ---------------------------------------------------------------
say "generating hosts in $WORK"
for n in $SIZES; do
    host=$WORK/host-$n.xml
    python3 "$ROOT/bench/gen_host.py" "$n" "$host"
    chmod 644 "$host"
    # The virsh session: nodedev-dumpxml for every PCI device.  (libvirt 9.0's
    # test driver rejects the flags every `virsh nodedev-list` passes, so the
    # names come from the file.)
    grep -o '<name>pci_[^<]*' "$host" | sed 's/^<name>/nodedev-dumpxml /' >"$host.virsh"
    names=$(wc -l <"$host.virsh")
    first=$(head -n1 "$host.virsh" | cut -d' ' -f2)
    # The host loads in the test driver, and every program sees every device.
    virsh -q -c "test://$host" nodedev-dumpxml "$first" | grep -q "<name>$first</name>" \
        || die "host-$n.xml: virsh cannot read $first"
    seen_floor=$("$FLOOR" "test://$host" | cut -d' ' -f1)
    seen_vpt=$("$VPT" -c "test://$host" list --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["devices"]))')
    seen_virsh=$(virsh -q -c "test://$host" <"$host.virsh" | grep -c '^<device>')
    [[ $names == "$n" && $seen_floor == "$n" && $seen_vpt == "$n" && $seen_virsh == "$n" ]] \
        || die "host-$n.xml: $names names, floor saw $seen_floor, vpt $seen_vpt, virsh $seen_virsh; expected $n"
    say "  host-$n.xml: $(du -k "$host" | cut -f1) KiB, $n PCI devices," \
        "$(grep -c "<capability type='net'>" "$host") net devices," \
        "$(grep -c '<domain ' "$host") guests, $(grep -c '<network>' "$host") networks: loads, all $n seen"
done

if [[ " $TRANSPORTS " == *" unix"* ]]; then
    start_daemon
fi
[[ -n $RTT_MS ]] && start_proxy

# ---- runs ----------------------------------------------------------------
rows=()
spread=()
all_rows=()
for n in $SIZES; do
    host=$WORK/host-$n.xml
    for transport in $TRANSPORTS; do
        # Through the slow link: only on the sizes asked, against the
        # pipelined floor, and without virsh (one round trip per command).
        if is_slow "$transport"; then
            [[ " $SLOW_SIZES " == *" $n "* ]] || continue
            tools=(pfloor vpt pfloorall) floor_tool=pfloor
            seen=$("$PIPELINED_FLOOR" "$(uri_for "$transport" "$host")" | cut -d' ' -f1)
            [[ $seen == "$n" ]] || die "host-$n.xml through the proxy: the pipelined floor saw $seen devices"
            # the --all floor reads the objects vpt reads, no more, no fewer
            seen=$("$PIPELINED_FLOOR" --all "$(uri_for "$transport" "$host")" | cut -d' ' -f1)
            described=$("$VPT" -v -c "$(uri_for "$transport" "$host")" list --json 2>&1 >/dev/null |
                sed -n 's/.*reading \([0-9]*\) descriptions.*/\1/p')
            [[ $seen == "$described" ]] ||
                die "host-$n.xml through the proxy: pipelined_floor --all read $seen descriptions, vpt $described"
        else
            tools=(floor vpt virsh) floor_tool=floor
        fi
        uri=$(uri_for "$transport" "$host")
        for tool in "${tools[@]}"; do run_one "$tool" "$uri" "$host" || die "$tool failed on $uri"; done  # warm-up
        declare -A samples=([floor]="" [pfloor]="" [pfloorall]="" [vpt]="" [virsh]="")
        declare -A cpu=([floor]="" [pfloor]="" [pfloorall]="" [vpt]="" [virsh]="")
        for ((rep = 0; rep < REPS; rep++)); do
            for ((k = 0; k < ${#tools[@]}; k++)); do  # interleaved, the order rotating
                tool=${tools[(rep + k) % ${#tools[@]}]}
                time_one "$tool" "$uri" "$host"
                samples[$tool]+=" $REPLY"
                cpu[$tool]+=" $CPU_USED"
            done
        done
        samples[floor]+=${samples[pfloor]} cpu[floor]+=${cpu[pfloor]}
        rss_vpt=() rss_floor=()
        for ((rep = 0; rep < RSS_REPS; rep++)); do
            rss_one "$floor_tool" "$uri"; rss_floor+=("$REPLY")
            rss_one vpt "$uri"; rss_vpt+=("$REPLY")
        done
        # shellcheck disable=SC2086
        rows+=("$n $transport $(median ${samples[floor]}) $(median ${samples[vpt]}) $(median ${samples[virsh]}) $(median "${rss_vpt[@]}") $(median "${rss_floor[@]}")")
        spread+=("$n $transport $(range ${samples[floor]}) $(range ${samples[vpt]}) $(range ${samples[virsh]}) $(median ${cpu[floor]}) $(median ${cpu[vpt]}) $(median ${cpu[virsh]})")
        # shellcheck disable=SC2086
        [[ -z ${samples[pfloorall]} ]] ||
            all_rows+=("$n $transport $(median ${samples[pfloorall]}) $(median ${samples[vpt]}) $(range ${samples[pfloorall]}) $(median ${cpu[pfloorall]}) $(median ${cpu[vpt]})")
        say "  $n devices, $transport: done"
        unset samples cpu
    done
done
# ---- many hosts ------------------------------------------------------------
# `vpt list --json` on MANY_HOSTS hosts (one -c each), against MANY_HOSTS
# pipelined floors run at once (the target) and against the same command on
# the first host alone, interleaved, through the slow link.
many_row=
if [[ -n $RTT_MS ]] && ((MANY_HOSTS > 1)) && [[ " $SIZES " == *" $SLOW_TARGET_SIZE "* && " $SLOW_SIZES " == *" $SLOW_TARGET_SIZE "* ]]; then
    host=$WORK/host-$SLOW_TARGET_SIZE.xml
    start_many_proxies "$host"
    MANY_ARGS=()
    for uri in "${MANY_URIS[@]}"; do MANY_ARGS+=(-c "$uri"); done
    seen=$("$VPT" "${MANY_ARGS[@]}" list --json | python3 -c 'import json, sys; print(" ".join(str(len(h["devices"])) for h in json.load(sys.stdin)["hosts"] if h["error"] is None))')
    [[ $(wc -w <<<"$seen") == "$MANY_HOSTS" && $(tr ' ' '\n' <<<"$seen" | sort -u) == "$SLOW_TARGET_SIZE" ]] \
        || die "$MANY_HOSTS hosts through the proxies: vpt saw '$seen' devices"
    run_one vpt "${MANY_URIS[0]}"; run_one vptmany ""; run_one pfloormany ""  # warm-up
    one=() many=() floors=() one_cpu=() many_cpu=() floors_cpu=()
    for ((rep = 0; rep < REPS; rep++)); do
        case $((rep % 3)) in
            0) order=(vpt vptmany pfloormany) ;;
            1) order=(vptmany pfloormany vpt) ;;
            2) order=(pfloormany vpt vptmany) ;;
        esac
        for tool in "${order[@]}"; do
            time_one "$tool" "${MANY_URIS[0]}" "$host"
            case $tool in
                vpt) one+=("$REPLY") one_cpu+=("$CPU_USED") ;;
                vptmany) many+=("$REPLY") many_cpu+=("$CPU_USED") ;;
                pfloormany) floors+=("$REPLY") floors_cpu+=("$CPU_USED") ;;
            esac
        done
    done
    many_row="$(median "${one[@]}") $(median "${many[@]}") $(range "${one[@]}") $(range "${many[@]}") $(median "${one_cpu[@]}") $(median "${many_cpu[@]}")"
    many_row+=" $(median "${floors[@]}") $(range "${floors[@]}") $(median "${floors_cpu[@]}")"
    say "  $MANY_HOSTS hosts of $SLOW_TARGET_SIZE devices, unix+${RTT_MS}ms: done"
fi

stop_proxy
stop_daemon

# ---- report --------------------------------------------------------------
echo
echo "vpt list --json against the raw libvirt floor; median of $REPS interleaved runs each,"
echo "peak RSS: median of $RSS_REPS runs under /usr/bin/time -v"
echo "$(virsh --version | sed 's/^/libvirt /'), vpt $("$VPT" --version 2>/dev/null | head -n1 | awk '{print $NF}'), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "transport test = test:///HOST.xml (in-process), unix = test+unix:///HOST.xml?socket=... (private libvirtd)"
[[ -n $RTT_MS ]] && echo "unix+${RTT_MS}ms = the same daemon behind bench/latency_proxy.py (${RTT_MS} ms round trip); its floor is pipelined_floor (64 calls in flight), no virsh"
echo
printf '%s\n' "${rows[@]}" | awk -v size="$TARGET_SIZE" -v t_test="${TIME_TARGET[test]}" \
    -v t_unix="${TIME_TARGET[unix]}" -v t_slow="${TIME_TARGET[slow]}" -v slow_size="$SLOW_TARGET_SIZE" \
    -v rss_target="$RSS_TARGET_MIB" '
BEGIN {
    fmt = "%7s  %-9s  %8s  %8s  %8s  %9s  %11s  %8s  %9s  %9s  %-16s  %-12s\n"
    printf fmt, "devices", "transport", "floor ms", "vpt ms", "virsh ms", "vpt/floor", "virsh/floor",
        "vpt RSS", "floor RSS", "RSS delta", "time target", "RSS target"
    missed = 0
}
{
    n = $1; tr = $2; floor = $3 / 1000; vpt = $4 / 1000; virsh = $5 / 1000
    rss_vpt = $6 / 1024; rss_floor = $7 / 1024; delta = rss_vpt - rss_floor
    r_vpt = vpt / floor; r_virsh = virsh / floor
    slow = tr ~ /^unix\+/
    target = slow ? t_slow : (tr == "test") ? t_test : t_unix
    if ((!slow && n == size) || (slow && n == slow_size)) {
        checked++
        tt = sprintf("%s (<= %.2fx)", (r_vpt <= target) ? "met" : "MISSED", target)
        rt = sprintf("%s (<= %d)", (delta <= rss_target) ? "met" : "MISSED", rss_target)
        if (r_vpt > target) missed++
        if (delta > rss_target) missed++
    } else { tt = "-"; rt = "-" }
    printf fmt, n, tr, sprintf("%.1f", floor), sprintf("%.1f", vpt), virsh ? sprintf("%.1f", virsh) : "-",
        sprintf("%.2fx", r_vpt), virsh ? sprintf("%.2fx", r_virsh) : "-", sprintf("%.1f MiB", rss_vpt),
        sprintf("%.1f MiB", rss_floor), sprintf("%+.1f MiB", delta), tt, rt
}
END {
    print ""
    if (!checked) print "targets not checked: they apply to the " size "-device host (" slow_size " through the slow link)"
    else if (missed) printf "%d target(s) missed (ratios, not absolute times, are what count)\n", missed
    else print "all targets met"
}'
echo
echo "Second estimates, which outside load inflates less: the spread of the timed runs (min-max"
echo "ms), the ratio of the fastest runs, and the ratio of median CPU time (the program's, plus"
echo "through the socket the daemon's)."
printf '%s\n' "${spread[@]}" | awk '
BEGIN {
    fmt = "%7s  %-9s  %13s  %13s  %13s  %9s  %9s  %9s  %9s\n"
    printf fmt, "devices", "transport", "floor ms", "vpt ms", "virsh ms", "vpt/floor", "vpt/floor", "vpt CPU", "virsh CPU"
    printf fmt, "", "", "min-max", "min-max", "min-max", "fastest", "CPU", "ms", "/floor"
}
{
    split($3, f, "-"); split($4, v, "-"); split($5, w, "-")
    printf fmt, $1, $2, $3, $4, $5, sprintf("%.2fx", v[1] / f[1]), sprintf("%.2fx", $7 / $6),
        sprintf("%.1f", $7 / 1000), $8 ? sprintf("%.2fx", $8 / $6) : "-"
}'
if ((${#all_rows[@]})); then
    echo
    echo "Through the slow link, against a floor that reads all that vpt list reads (pipelined_floor --all: the"
    echo "listings of PCI and net devices, guests and networks at once, then every description in the same"
    echo "window of 64, keepalive on): what is left above it is vpt's own work"
    printf '%s\n' "${all_rows[@]}" | awk '
    BEGIN {
        fmt = "%7s  %-9s  %14s  %9s  %17s  %12s  %9s\n"
        printf fmt, "devices", "transport", "all-floor ms", "vpt ms", "all-floor min-max", "vpt/all-floor", "CPU ratio"
    }
    { split($5, f, "-"); printf fmt, $1, $2, sprintf("%.1f", $3 / 1000), sprintf("%.1f", $4 / 1000), $5,
        sprintf("%.2fx", $4 / $3), sprintf("%.2fx", $7 / $6) }'
fi
if [[ -n $many_row ]]; then
    echo
    echo "Many hosts: vpt list --json on $MANY_HOSTS hosts of $SLOW_TARGET_SIZE devices at once (one -c each, each"
    echo "behind its own ${RTT_MS} ms proxy, all served by the one daemon) against $MANY_HOSTS pipelined floors run at"
    echo "once on the same CPUs (the target), and against vpt on one of them alone; median of $REPS"
    echo "interleaved runs each, min-max beside (CPU: the client's and the daemon's)"
    read -r m_one m_many r_one r_many c_one c_many m_floors r_floors c_floors <<<"$many_row"
    awk -v one="$m_one" -v many="$m_many" -v floors="$m_floors" -v r1="$r_one" -v rm="$r_many" -v rf="$r_floors" \
        -v c1="$c_one" -v cm="$c_many" -v cf="$c_floors" -v n="$MANY_HOSTS" -v target="${TIME_TARGET[many]}" 'BEGIN {
        r = many / floors
        printf "%5s  %9s  %9s  %9s  %11s  %11s  %11s  %11s  %9s  %10s  %10s  %s\n", "hosts", "vpt ms", "floors ms",
            "one ms", "vpt min-max", "flrs min-max", "one min-max", "vpt/floors", "vpt/one", "vpt CPU", "floors CPU",
            "time target"
        printf "%5s  %9.1f  %9.1f  %9.1f  %11s  %11s  %11s  %10.2fx  %8.2fx  %10.1f  %10.1f  %s (<= %.2fx)\n", n,
            many / 1000, floors / 1000, one / 1000, rm, rf, r1, r, many / one, cm / 1000, cf / 1000,
            (r <= target) ? "met" : "MISSED", target
    }'
fi
