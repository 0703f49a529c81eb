// The shared body of `vpt detach` and `vpt reattach`: plan the whole group,
// show the plan, then run it under the host lock with a journal, unwinding
// on failure.
#pragma once

#include <string>

#include "cli/options.hpp"
#include "core/plan.hpp"

namespace vpt {

struct GroupChangeOptions {
    std::string device;
    bool dry_run = false;
    bool force = false;     // detach only: override the host-use guard
    int wait_seconds = 60;  // how long to wait for another vpt's lock
    std::string root;       // hidden --root: the host-use guard reads sysfs below it (tests)
};

void run_group_change(const GlobalOptions& global, const GroupChangeOptions& options,
                      Operation operation);

}  // namespace vpt
