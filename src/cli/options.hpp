// Options every command shares, set by the global flags.
#pragma once

#include <string>
#include <vector>

namespace vpt {

struct GlobalOptions {
    std::string uri;       // -c/--connect; empty: libvirt's default
    bool json = false;     // --json: machine-readable output on stdout
    bool verbose = false;  // -v: debug messages on stderr
    bool quiet = false;    // -q: errors only on stderr
    std::string state_dir; // --state-dir: journal and lock; empty: $VPT_STATE_DIR or /var/lib/vpt
    std::string command_line;        // how vpt was run, for the audit trail
    std::vector<std::string> args;   // its arguments after the program name
};

}  // namespace vpt
