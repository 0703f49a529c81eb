#!/usr/bin/env bash
# Quick start: install what is missing, build, and run vpt's main job on the
# embedded demo host (libvirt's test driver with examples/demo-host.xml): the
# host's devices, one GPU's IOMMU group, and the plan for giving it to a guest.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh" >/dev/null
uri="test://$top/examples/demo-host.xml"
set -x
"$top/build/vpt" -c "$uri" list
"$top/build/vpt" -c "$uri" show 19:00.0
"$top/build/vpt" -c "$uri" assign media-server 19:00.0 --dry-run
