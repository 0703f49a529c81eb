#!/usr/bin/env bash
# What vpt prints on the demo host (examples/demo-host.xml), for every read
# command and every dry run, as text and as JSON: one file per command in DIR
# with its stdout, its stderr and its exit status. Two snapshots, taken before
# and after a change that must not change behaviour, are compared with
# `diff -r`; any difference is a change a person or a script would see.
#
#   scripts/output-snapshot.sh DIR [VPT]      VPT: default build/vpt
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 DIR [VPT]" >&2; exit 2; }
out=$1
vpt=$(realpath "${2:-$top/build/vpt}")
uri="test://$top/examples/demo-host.xml"
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
rm -rf "$out"
mkdir -p "$out"

# The same terminal width and no terminal: the tables' widths depend on both
export COLUMNS=120
commands=(
  "list" "list --groups" "list --held" "list --free" "list --class gpu" "list --driver none"
  "list -o address,held-by,device --noheadings"
  "show 18:00.0" "show 18:00" "show 10de:2204" "show 03:00.0" "show 03:10.2" "show 00:1c.0"
  "check" "check 18:00.0" "check 03:00.0"
  "topo" "topo --format dot" "topo --format svg"
  "verify"
  "vfs 03:00.0" "vfs 5e:00.0"
  "pool list" "pool show sriov-pool" "pool show sriov-pool-pf1"
  "xml hostdev 19:00.0" "xml interface 03:10.2 --mac 52:54:00:12:34:56" "xml pool new-pool --pf enp94s0"
  "detach 19:00.0 --dry-run" "detach 03:00.0 --dry-run" "detach 19:00.0 --persist --dry-run"
  "reattach 18:00.0 --dry-run" "reset 19:00.0 --dry-run"
  "assign media-server 19:00.0 --dry-run" "assign ci-runner 19:00.0 --config --dry-run"
  "assign ci-runner 03:00.0 --dry-run" "assign web-frontend --pool sriov-pool --dry-run"
  "assign ci-runner 03:10.2 --as-interface --dry-run"
  "unassign gpu-workstation 18:00.0 --dry-run" "unassign media-server 3d:00.0 --dry-run"
  "prepare ci-runner --dry-run" "prepare media-server --dry-run" "prepare ci-runner --q35 --dry-run"
  "vfs 03:00.0 8 --dry-run" "vfs 5e:00.0 4 --dry-run" "vfs 03:00.1 0 --dry-run"
  "detach 03:00.0 --force --dry-run" "pool create new-pool --pf enp94s0 --dry-run"
  "pool create new-pool --pf enp3s0f1 --dry-run" "pool delete sriov-pool-pf1 --dry-run"
  "pool delete sriov-pool --dry-run"
  "recover --dry-run"
)
n=0
for command in "${commands[@]}"; do
  for json in "" "--json"; do
    n=$((n + 1))
    file=$out/$(printf '%03d' "$n")-$(tr -c 'a-zA-Z0-9.:-' _ <<< "$command${json:+ json}")
    status=0
    # shellcheck disable=SC2086 # each command is a line of words
    "$vpt" -c "$uri" --state-dir "$state" $json $command > "$file.out" 2> "$file.err" < /dev/null || status=$?
    echo "$status" > "$file.status"
    # the same whichever clone took it
    sed -i -e "s|$top|TOP|g" -e "s|$state|STATE|g" "$file.out" "$file.err"
    # Graphviz lays the drawing out a little differently from run to run (the clusters' order and with it
    # the coordinates): of the SVG, what it names, sorted
    if [[ $command == *svg* ]]; then { grep '<title>' "$file.out" || true; } | sort -o "$file.out"; fi
  done
done
echo "output-snapshot: $n runs in $out"
