// Runs the host-use guard over the devices a plan would detach, or says
// why it cannot run (a remote host, libvirt's test driver: their sysfs is
// not this machine's).
#pragma once

#include <string>
#include <vector>

#include "cli/host_session.hpp"
#include "core/plan.hpp"
#include "host/host_use_guard.hpp"

namespace vpt {

struct HostUseVerdict {
    bool checked = false;
    std::string why_unchecked;
    std::vector<HostUse> uses;

    // Whether the change must not go ahead without --force.
    bool needs_force() const { return !checked || !uses.empty(); }
    // One line: what the host depends on, or why that could not be checked.
    std::string summary() const;
    // The same, telling the user about --force.
    std::string refusal() const;
};

// `root`: read sysfs/procfs below it (tests); empty: the live system when
// the connection is local.
HostUseVerdict check_host_use(const HostSession& session, const Plan& plan, const std::string& root);

}  // namespace vpt
