// A property a fuzz target checks on every input. Release builds compile
// assert() away, and a broken property must stop the run like a crash does,
// so that libFuzzer saves the input that broke it.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace vpt::fuzz {

[[noreturn]] inline void property_broken(const char* property, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: property broken: %s\n", file, line, property);
    std::abort();
}

}  // namespace vpt::fuzz

#define VPT_FUZZ_REQUIRE(property) \
    ((property) ? void(0) : ::vpt::fuzz::property_broken(#property, __FILE__, __LINE__))
