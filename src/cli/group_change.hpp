// The shared body of `vpt detach` and `vpt reattach`: plan the whole group
// (with --persist, its boot binding too), show the plan, then run it under
// the host lock with a journal, unwinding on failure.
#pragma once

#include <string>

#include "cli/options.hpp"
#include "core/plan.hpp"

namespace vpt {

struct GroupChangeOptions {
    std::string device;
    bool dry_run = false;
    bool force = false;       // detach only: override the host-use guard
    bool persist = false;     // also bind (detach) or unbind (reattach) at boot
    bool force_boot = false;  // detach --persist --force: even a device the host boots from
    int wait_seconds = 60;    // how long to wait for another vpt's lock
    std::string root;         // hidden --root: host files below it (tests)
};

void run_group_change(const GlobalOptions& global, const GroupChangeOptions& options,
                      Operation operation);

}  // namespace vpt
