#!/usr/bin/env bash
# Quick start: install what is missing, build, and show vpt's view of the
# embedded demo host (libvirt's test driver with examples/demo-host.xml).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh" >/dev/null
uri="test://$top/examples/demo-host.xml"
set -x
"$top/build/vpt" -c "$uri" list --groups
"$top/build/vpt" -c "$uri" show 01:00.0
