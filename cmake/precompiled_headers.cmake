# The heavy header-only libraries are parsed once per target, into a
# precompiled header, instead of once in every file that includes them:
# CLI11, nlohmann/json, spdlog (with fmt) and doctest cost seconds per file.
# Only libraries of the distribution go in, never vpt's own headers, so a
# change to vpt rebuilds no precompiled header (and ccache, which the build
# scripts put in front of the compiler, keeps hitting: scripts/ccache-env.sh).
# VPT_PCH=OFF builds without them. g++ only: the fuzz build (clang) compiles
# no CLI and no tests, and a clang PCH carries a time stamp that ccache
# would have to be told to ignore.
option(VPT_PCH "Precompile the heavy third-party headers of each target" ON)

# vpt_precompile(TARGET HEADER...): HEADER... precompiled for TARGET's files.
function(vpt_precompile target)
  if(VPT_PCH AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND TARGET ${target})
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()

vpt_precompile(vpt_virt <spdlog/spdlog.h>)
vpt_precompile(vpt_view <nlohmann/json.hpp>)
vpt_precompile(vpt_cli <CLI/CLI.hpp> <nlohmann/json.hpp> <spdlog/spdlog.h>)
if(VPT_BUILD_TESTS)
  vpt_precompile(vpt_unit_tests <doctest/doctest.h>)
  vpt_precompile(vpt_integration_tests <doctest/doctest.h> <nlohmann/json.hpp>)
  # main.cpp defines DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN before it includes
  # doctest: a header included ahead of it would leave the runner out.
  set_source_files_properties(tests/unit/main.cpp tests/integration/main.cpp
    DIRECTORY tests PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
endif()
