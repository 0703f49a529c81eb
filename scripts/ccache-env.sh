# Sourced by the build scripts (not run): compile through ccache when it is
# installed, with one cache for every build tree (build/, build-asan/,
# build-fuzz/) and every clone of the source. Paths below the source top are
# hashed relative to it (CCACHE_BASEDIR) and the working directory is left
# out of the hash (CCACHE_NOHASHDIR), so a fresh clone in another directory
# finds what an earlier one compiled. The sloppiness lets files that use a
# precompiled header (CMake's target_precompile_headers) be cached too.
# Needs $top, the source top. A CCACHE_DIR already set wins.
if command -v ccache > /dev/null; then
  export CCACHE_DIR=${CCACHE_DIR:-/var/tmp/vpt-ccache}
  export CCACHE_BASEDIR=$top
  export CCACHE_NOHASHDIR=1
  export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
  export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
  # CMake takes these as the default launcher of a build tree it configures
  # for the first time (fuzz/run.sh's too); build.sh and test-sanitizers.sh
  # also pass them on the command line for trees configured before.
  export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
  VPT_CCACHE_ARGS=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
else
  VPT_CCACHE_ARGS=()
fi
