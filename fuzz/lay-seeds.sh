#!/usr/bin/env bash
# Lays out the starting inputs of every fuzz target in OUT/<target>/: the
# hand-written and regression seeds in fuzz/seeds/<target>/, and the test
# fixtures of the same kind (each <device>, <domain> and <network> of the
# test-driver host files becomes one input). Fixtures are read in place, so
# a new fixture is a new seed without copying it here.
#
#   fuzz/lay-seeds.sh OUT
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: lay-seeds.sh OUT}
rm -rf "$out"
mkdir -p "$out"

# copy TARGET FILE...: each file as one input.
copy() {
    local target=$1
    shift
    mkdir -p "$out/$target"
    local file
    for file in "$@"; do
        [ -f "$file" ] || continue
        cp "$file" "$out/$target/$(echo "${file#"$top"/}" | tr / _)"
    done
}

# elements TARGET NAME: every /node/NAME of the host files, one input each.
elements() {
    local target=$1 name=$2 host count i
    mkdir -p "$out/$target"
    for host in "$top"/examples/*.xml "$top"/tests/fixtures/hosts/*.xml; do
        count=$(xmllint --xpath "count(/node/$name)" "$host")
        for ((i = 1; i <= count; i++)); do
            xmllint --xpath "/node/$name[$i]" "$host" >"$out/$target/$(basename "$host" .xml)-$name-$i.xml"
        done
    done
}

for dir in "$top"/fuzz/seeds/*/; do
    copy "$(basename "$dir")" "$dir"*
done

copy fuzz_nodedev "$top"/tests/fixtures/nodedev/*.xml
elements fuzz_nodedev device
for target in fuzz_domain_devices fuzz_domain_editor; do
    copy "$target" "$top"/tests/fixtures/domains/*.xml
    elements "$target" domain
done

# The guests of the host files carry identity records (identity-host.xml).
elements fuzz_identity_record domain

copy fuzz_network "$top"/tests/golden/network-*.xml
elements fuzz_network network
copy fuzz_kernel_cmdline "$top"/tests/fixtures/sysfs/*/proc/cmdline "$top"/tests/fixtures/sysfs/*/etc/kernel/cmdline
