#include "core/numa_fit.hpp"
#include "core/command_text.hpp"

namespace vpt {
namespace {

std::string nodes_text(const CpuSet& nodes) {
    return (nodes.size() == 1 ? "node " : "nodes ") + format_cpuset(nodes);
}

CpuSet cpus_of_node(unsigned node, const CpuNodes& cpu_nodes) {
    CpuSet cpus;
    for (const auto& [cpu, cpu_node] : cpu_nodes)
        if (cpu_node == node) cpus.insert(cpu);
    return cpus;
}

}  // namespace

std::optional<CpuSet> nodes_of_cpus(const CpuSet& cpus, const CpuNodes& cpu_nodes) {
    CpuSet nodes;
    for (unsigned cpu : cpus) {
        auto found = cpu_nodes.find(cpu);
        if (found == cpu_nodes.end()) return std::nullopt;
        nodes.insert(found->second);
    }
    return nodes;
}

std::vector<FitWarning> numa_warnings(const std::string& device, std::optional<int> device_node,
                                      const std::string& guest, const GuestPlacement& placement,
                                      const CpuNodes& cpu_nodes) {
    std::vector<FitWarning> warnings;
    if (!device_node || *device_node < 0) return warnings;  // sysfs says -1 on a single-node host
    auto node = static_cast<unsigned>(*device_node);
    std::string on_node = device + " is on NUMA node " + std::to_string(node) + ", ";
    if (placement.memory_nodes && !placement.memory_nodes->count(node))
        warnings.push_back({"numa-mismatch", device,
                            on_node + guest + "'s memory is on " + nodes_text(*placement.memory_nodes) +
                                ": pin it to node " + std::to_string(node) + " (" +
                                command_text({"virsh", "numatune", guest, "--nodeset", std::to_string(node), "--config"}) +
                                ")"});
    if (!placement.vcpu_cpus) return warnings;
    auto vcpu_nodes = nodes_of_cpus(*placement.vcpu_cpus, cpu_nodes);
    if (!vcpu_nodes || vcpu_nodes->count(node)) return warnings;
    CpuSet node_cpus = cpus_of_node(node, cpu_nodes);
    std::string cpus = node_cpus.empty() ? "CPUS" : format_cpuset(node_cpus);
    warnings.push_back({"numa-mismatch", device,
                        on_node + guest + "'s vCPUs are pinned to " + nodes_text(*vcpu_nodes) +
                            ": pin them to node " + std::to_string(node) + "'s CPUs (" +
                            command_text({"virsh", "vcpupin", guest, "VCPU", cpus, "--config"}) + ", for each vCPU)"});
    return warnings;
}

}  // namespace vpt
