#include "cli/guest_fit.hpp"

#include "core/memlock_fit.hpp"
#include "core/mmio_fit.hpp"
#include "core/numa_fit.hpp"
#include "host/pci_health.hpp"
#include "virt/host_capabilities.hpp"
#include "xml/guest_fit_xml.hpp"

namespace vpt {

CpuNodes host_cpu_nodes(const Connection& connection) {
    try {
        return parse_cpu_nodes(host_capabilities_xml(connection)).value_or({});
    } catch (const std::exception&) {
        return {};  // no topology: vCPU pinning cannot be checked, memory pinning still can
    }
}

std::vector<FitWarning> assign_fit_warnings(const HostSession& session, const std::string& guest,
                                            const std::string& guest_xml, const std::vector<GuestDevice>& devices,
                                            const std::optional<HostFs>& sysfs, std::vector<std::string>& notes) {
    std::vector<FitWarning> warnings;
    auto facts = read_guest_fit(guest_xml);
    if (!facts) {
        notes.push_back("placement not checked: " + facts.error());
        return warnings;
    }
    bool placed = facts->placement.memory_nodes || facts->placement.vcpu_cpus;
    CpuNodes cpu_nodes = facts->placement.vcpu_cpus ? host_cpu_nodes(session.connection()) : CpuNodes{};
    std::string first_requested;
    uint64_t bar64 = 0;
    bool bars_known = true;
    unsigned added = 0;
    for (const auto& device : devices) {
        if (!device.address) continue;
        ++added;
        const PciDevice* host_device = session.inventory().find(*device.address);
        if (!device.companion && first_requested.empty()) first_requested = device.address->str();
        if (placed && host_device && !device.companion)
            for (auto& warning : numa_warnings(device.address->str(), host_device->numa_node, guest,
                                               facts->placement, cpu_nodes))
                warnings.push_back(std::move(warning));
        // A placeholder (<address type='unassigned'/>) is not mapped into the guest.
        if (device.slot == GuestSlot::none) continue;
        std::optional<BarTotals> bars;
        if (sysfs) bars = read_pci_health(*sysfs, *device.address).bars;
        if (bars) bar64 += bars->mem64_total();
        else bars_known = false;
    }
    if (!first_requested.empty()) {
        if (!sysfs && !session.connection().locality().test_driver())
            notes.push_back("the 64-bit BAR sizes were not checked against the guest's PCI window: "
                            "the host's sysfs cannot be read from here (" + session.connection().locality().reason + ")");
        else if (!sysfs)
            ;  // the test driver: no host sysfs at all
        else if (auto warning = mmio64_warning(first_requested, bar64, guest, facts->pcihole64_kib))
            warnings.push_back(*warning);
        else if (!bars_known)
            notes.push_back("the 64-bit BAR sizes of some devices could not be read from sysfs");
    }
    if (auto warning = memlock_warning(guest, facts->memory_kib, facts->hard_limit_kib,
                                       facts->pci_hostdevs + added, facts->viommu))
        warnings.push_back(*warning);
    return warnings;
}

nlohmann::ordered_json fit_warnings_json(const std::vector<FitWarning>& warnings) {
    auto list = nlohmann::ordered_json::array();
    for (const auto& warning : warnings)
        list.push_back({{"code", warning.code},
                        {"device", warning.device.empty() ? nlohmann::ordered_json(nullptr)
                                                          : nlohmann::ordered_json(warning.device)},
                        {"text", warning.text}});
    return list;
}

}  // namespace vpt
