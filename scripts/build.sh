#!/usr/bin/env bash
# Configures and builds vpt and its tests into build/ (or $VPT_BUILD_DIR),
# through ccache when it is installed (scripts/ccache-env.sh).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${VPT_BUILD_DIR:-$top/build}
. "$top/scripts/ccache-env.sh"
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${VPT_CCACHE_ARGS[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)"
