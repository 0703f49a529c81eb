#!/usr/bin/env bash
# Installs what building and testing vpt needs, from Debian 12 packages only.
# Runs apt-get only when something is missing. With --fuzz, also clang 14
# and its sanitizer and libFuzzer runtimes (fuzz/run.sh); with --bench, what
# bench/run.sh needs beyond the build (/usr/bin/time).
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  ccache                                 # one compiler cache for every build tree (scripts/ccache-env.sh)
  libvirt-dev libvirt0 libvirt-clients   # libvirt 9.0, its RelaxNG schemas, virsh (test oracle)
  libxml2-dev libxml2-utils
  libpugixml-dev libcli11-dev libspdlog-dev nlohmann-json3-dev doctest-dev
  dpkg-dev file                          # the Debian package: dpkg-shlibdeps computes its Depends
  python3-jsonschema                     # tests: --json output against man/schemas (/usr/bin/python3)
  pci.ids                                # the PCI ID database: class names as lspci prints them
  zsh                                    # tests: the generated zsh completion parses (zsh -n)
  libgraphviz-dev                        # vpt topo --format svg: Graphviz's libgvc and libcgraph
  libvirt-daemon                         # tests: a private libvirtd (its QEMU driver) behind a UNIX socket
)
if [ "${1:-}" = --fuzz ]; then
  packages+=(clang-14 libclang-rt-14-dev)
fi
if [ "${1:-}" = --bench ]; then
  packages+=(libvirt-daemon python3 time util-linux)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages (run as root to install): ${missing[*]}" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
