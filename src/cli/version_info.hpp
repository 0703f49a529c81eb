// vpt --version: vpt's version and commit, the libvirt library it runs with
// and, when one answers on a local URI, the libvirt daemon's version.
#pragma once

#include "cli/options.hpp"

namespace vpt {

// The commit vpt was built from, or "unknown" (generated at build time).
const char* build_commit();

// Prints the version lines, or with options.json one JSON object, on stdout.
void print_version(const GlobalOptions& options);

}  // namespace vpt
