// Runs the host-use guard over the devices a plan would detach, or says
// why it cannot run (libvirt's host is not this machine, or is libvirt's
// test driver: Connection::locality).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/host_session.hpp"
#include "core/plan.hpp"
#include "host/host_use_guard.hpp"

namespace vpt {

struct HostUseVerdict {
    bool checked = false;
    bool simulated = false;  // libvirt's test driver: no real host a change could take a device from
    std::string why_unchecked;
    std::vector<HostUse> uses;

    // Whether the change must not go ahead without --force.
    bool needs_force() const { return !simulated && (!checked || !uses.empty()); }
    // One line: what the host depends on, or why that could not be checked.
    std::string summary() const;
    // The same, telling the user about --force (one line).
    std::string refusal() const;
};

// `devices`: every device the change takes from the host. `root`: read
// sysfs/procfs below it (tests); empty: the live system when the
// connection is local.
HostUseVerdict check_host_use(const HostSession& session, const std::vector<PciAddress>& devices,
                              const std::string& root);

// The verdict for --json: checked, why_unchecked, uses, force_needed.
nlohmann::ordered_json host_use_json(const HostUseVerdict& verdict);

// The devices a plan binds to vfio-pci.
std::vector<PciAddress> changed_devices(const Plan& plan);

}  // namespace vpt
