// How the devices being assigned fit the guest: NUMA placement, the 64-bit
// PCI window, the locked-memory limit. Warnings only: the assignment goes ahead.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/host_session.hpp"
#include "core/fit_warning.hpp"
#include "core/numa_fit.hpp"
#include "host/host_fs.hpp"
#include "plan/guest_planner.hpp"

namespace vpt {

// `guest_xml`: the guest's config (or its live XML when only that changes).
// `sysfs`: where the devices' BAR sizes are read; nothing when this machine
// is not the host, and then a note says the window was not checked.
std::vector<FitWarning> assign_fit_warnings(const HostSession& session, const std::string& guest,
                                            const std::string& guest_xml, const std::vector<GuestDevice>& devices,
                                            const std::optional<HostFs>& sysfs, std::vector<std::string>& notes);

// The host CPU -> NUMA node map; empty when libvirt reports no topology.
CpuNodes host_cpu_nodes(const Connection& connection);

// [{code, device, text}], device null when the warning is about the guest.
nlohmann::ordered_json fit_warnings_json(const std::vector<FitWarning>& warnings);

}  // namespace vpt
