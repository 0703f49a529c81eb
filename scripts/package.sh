#!/usr/bin/env bash
# Builds vpt and its Debian package, build/vpt_VERSION_ARCH.deb (or into
# $VPT_BUILD_DIR), with CPack. Depends is what dpkg-shlibdeps finds the
# binary needs. Prints the package's path on the last line.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${VPT_BUILD_DIR:-$top/build}
"$top/scripts/build.sh"
rm -f "$build"/vpt_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/vpt_*.deb)
dpkg-deb --field "$deb" Package Version Depends Recommends >&2
echo "$deb"
