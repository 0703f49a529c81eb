// Options every command shares, set by the global flags.
#pragma once

#include <string>
#include <vector>

namespace vpt {

struct GlobalOptions {
    std::string uri;       // -c/--connect (the first); empty: libvirt's default
    // The hosts after `uri`: a second -c and on, then --hosts FILE's. Only
    // list, show and check read several hosts; app.cpp refuses them elsewhere.
    std::vector<std::string> more_uris;
    bool json = false;     // --json: machine-readable output on stdout
    bool verbose = false;  // -v: debug messages on stderr
    bool quiet = false;    // -q: errors only on stderr
    std::string state_dir; // --state-dir: journal and lock; empty: $VPT_STATE_DIR or /var/lib/vpt
    int timeout_seconds = 30;  // --timeout: how long a silent libvirt daemon is waited for (0: for ever)
    std::string command_line;        // how vpt was run, for the audit trail
    std::vector<std::string> args;   // its arguments after the program name

    bool many_hosts() const { return !more_uris.empty(); }
    // `uri` and `more_uris`, in the order given.
    std::vector<std::string> all_uris() const {
        std::vector<std::string> all{uri};
        all.insert(all.end(), more_uris.begin(), more_uris.end());
        return all;
    }
};

}  // namespace vpt
