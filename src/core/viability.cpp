#include "core/viability.hpp"

#include <algorithm>

namespace vpt {

std::string describe(const PciDevice& device) {
    std::string text = device.address.str();
    if (device.product) text += " (" + *device.product + ")";
    return text;
}

GroupVerdict assess_group(const Inventory& inventory, const PciDevice& device) {
    GroupVerdict verdict;
    auto fail = [&](std::string reason) {
        verdict.viable = false;
        verdict.reasons.push_back(std::move(reason));
    };

    if (!device.iommu_group) {
        fail(device.address.str() +
             " has no IOMMU group: the IOMMU is off or unsupported (see 'vpt check')");
        return verdict;
    }
    for (const auto& address : device.group_members)
        if (!inventory.find(address))
            fail("group member " + address.str() + " is not known to libvirt");

    auto members = inventory.group_of(device);
    bool only_bridges =
        std::all_of(members.begin(), members.end(), [](const PciDevice* m) { return m->is_bridge(); });
    if (only_bridges)
        fail("IOMMU group " + std::to_string(*device.iommu_group) +
             " holds only bridges and root ports: nothing in it can be assigned");
    for (const PciDevice* member : members) {
        bool endpoint = !member->is_bridge();
        // VFIO lets a bridge keep its host driver only when it has a bridge's
        // configuration header. A host or ISA/LPC bridge has an endpoint's:
        // while a host driver holds it the group cannot be opened, and vpt
        // leaves it to the host like every bridge.
        bool blocking_bridge = member->is_platform_bridge() && !only_bridges;
        if (!endpoint && !blocking_bridge) continue;
        if (!member->driver && !inventory.drivers_reported()) {
            fail(describe(*member) + ": host driver unknown (this libvirt connection does not report drivers)");
            ++verdict.unknown_drivers;
        }
        if (member->driver && !member->is_vfio_bound())
            fail(endpoint ? describe(*member) + " is bound to host driver '" + *member->driver + "' (vpt detach " +
                                member->address.str() + " frees the whole group)"
                          : describe(*member) + " is " + bridge_kind(*member) + " bound to host driver '" +
                                *member->driver +
                                "': VFIO does not open the group while it is, and vpt leaves bridges to the host");
        if (!endpoint) continue;
        for (const Holder& holder : inventory.holders(member->address))
            fail(describe(*member) + " is held by " + holder_text(holder));
    }
    return verdict;
}

}  // namespace vpt
