// Whether a device sits on the NUMA node its guest runs on. A device on
// another node than the guest's memory or vCPUs works, but every DMA and
// interrupt crosses the socket interconnect.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/cpu_set.hpp"
#include "core/fit_warning.hpp"

namespace vpt {

// Where a guest is placed on the host, from its XML.
struct GuestPlacement {
    std::optional<CpuSet> memory_nodes;  // <numatune><memory nodeset>
    std::optional<CpuSet> vcpu_cpus;     // host CPUs of <vcpupin cpuset> / <vcpu cpuset>, all vCPUs together
};

// Host CPU -> NUMA node, from the capabilities' <topology><cells>; empty
// when the host reports no topology.
using CpuNodes = std::map<unsigned, unsigned>;

// The nodes `cpus` are on; nothing when a CPU's node is not known.
std::optional<CpuSet> nodes_of_cpus(const CpuSet& cpus, const CpuNodes& cpu_nodes);

// At most one warning for the guest's memory and one for its vCPUs, each
// naming the node to pin to. None when the device's node is unknown, or
// when the guest is not pinned (it floats: the kernel places it).
std::vector<FitWarning> numa_warnings(const std::string& device, std::optional<int> device_node,
                                      const std::string& guest, const GuestPlacement& placement,
                                      const CpuNodes& cpu_nodes);

}  // namespace vpt
