#include "core/viability.hpp"
#include "core/command_text.hpp"

#include <algorithm>

namespace vpt {

const char* reason_code_name(ReasonCode code) {
    switch (code) {
        case ReasonCode::no_iommu_group: return "no-iommu-group";
        case ReasonCode::member_unknown: return "member-unknown";
        case ReasonCode::only_bridges: return "only-bridges";
        case ReasonCode::driver_unknown: return "driver-unknown";
        case ReasonCode::host_driver: return "host-driver";
        case ReasonCode::bridge_host_driver: return "bridge-host-driver";
        case ReasonCode::held_by_guest: return "held-by-guest";
    }
    return "";
}

std::vector<ReasonCode> all_reason_codes() {
    return {ReasonCode::no_iommu_group, ReasonCode::member_unknown,     ReasonCode::only_bridges,
            ReasonCode::driver_unknown, ReasonCode::host_driver,        ReasonCode::bridge_host_driver,
            ReasonCode::held_by_guest};
}

bool GroupVerdict::undecided() const {
    return !viable && std::all_of(reasons.begin(), reasons.end(),
                                  [](const Reason& r) { return r.code == ReasonCode::driver_unknown; });
}

Viability GroupVerdict::state() const {
    if (viable) return Viability::viable;
    return undecided() ? Viability::unknown : Viability::not_viable;
}

std::vector<std::string> GroupVerdict::reason_texts() const {
    std::vector<std::string> texts;
    for (const auto& reason : reasons) texts.push_back(reason.text);
    return texts;
}

std::string describe(const PciDevice& device) {
    std::string text = device.address.str();
    if (device.product) text += " (" + *device.product + ")";
    return text;
}

GroupVerdict no_group_verdict(const PciAddress& first_member) {
    return GroupVerdict{false, {{ReasonCode::no_iommu_group, "no IOMMU group", first_member, std::nullopt}}};
}

GroupVerdict assess_group(const Inventory& inventory, const PciDevice& device) {
    GroupVerdict verdict;
    auto fail = [&](ReasonCode code, const PciAddress& member, std::string text,
                    std::optional<std::string> guest = std::nullopt) {
        verdict.viable = false;
        verdict.reasons.push_back({code, std::move(text), member, std::move(guest)});
    };

    if (!device.iommu_group) {
        fail(ReasonCode::no_iommu_group, device.address,
             device.address.str() + " has no IOMMU group: the IOMMU is off or unsupported (see 'vpt check')");
        return verdict;
    }
    for (const auto& address : device.group_members)
        if (!inventory.find(address))
            fail(ReasonCode::member_unknown, address, "group member " + address.str() + " is not known to libvirt");

    auto members = inventory.group_of(device);
    bool only_bridges =
        std::all_of(members.begin(), members.end(), [](const PciDevice* m) { return m->is_bridge(); });
    if (only_bridges)
        fail(ReasonCode::only_bridges, device.address,
             "IOMMU group " + std::to_string(*device.iommu_group) +
                 " holds only bridges and root ports: nothing in it can be assigned");
    for (const PciDevice* member : members) {
        bool endpoint = !member->is_bridge();
        // VFIO lets a bridge keep its host driver only when it has a bridge's
        // configuration header. A host or ISA/LPC bridge has an endpoint's:
        // while a host driver holds it the group cannot be opened, and vpt
        // leaves it to the host like every bridge.
        bool blocking_bridge = member->is_platform_bridge() && !only_bridges;
        if (!endpoint && !blocking_bridge) continue;
        if (!member->driver && !inventory.drivers_reported())
            fail(ReasonCode::driver_unknown, member->address,
                 describe(*member) + ": host driver unknown (this libvirt connection does not report drivers)");
        if (member->driver && !member->is_vfio_bound()) {
            if (endpoint)
                fail(ReasonCode::host_driver, member->address,
                     describe(*member) + " is bound to host driver '" + *member->driver + "' (" +
                         command_text({"vpt", "detach", member->address.str()}) + " frees the whole group)");
            else
                fail(ReasonCode::bridge_host_driver, member->address,
                     describe(*member) + " is " + bridge_kind(*member) + " bound to host driver '" +
                         *member->driver +
                         "': VFIO does not open the group while it is, and vpt leaves bridges to the host");
        }
        if (!endpoint) continue;
        for (const Holder& holder : inventory.holders(member->address))
            fail(ReasonCode::held_by_guest, member->address, describe(*member) + " is held by " + holder_text(holder),
                 holder.guest);
    }
    return verdict;
}

}  // namespace vpt
