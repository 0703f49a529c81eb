#include "plan/assign_planner.hpp"

#include <algorithm>

#include "core/command_text.hpp"
#include "core/error.hpp"
#include "core/viability.hpp"

namespace vpt {
namespace {

std::string quoted_release(const Holder& holder, const PciAddress& address) {
    return "'" + release_command(holder, address) + "'";
}

void check_requested(const Inventory& inventory, const std::string& guest, const PciDevice& device,
                     DeviceForm form, const PoolLookup& pool_of) {
    if (device.is_bridge())
        throw bad_input(describe(device) + " is " + bridge_kind(device) + " and cannot be assigned");
    if (!device.iommu_group)
        throw refused(describe(device) + " has no IOMMU group: the IOMMU is off or unsupported (see '" +
                      command_text({"vpt", "check", device.address.str()}) + "')");
    if (form == DeviceForm::interface && !(device.sriov && device.sriov->role == SriovInfo::Role::vf))
        throw bad_input(describe(device) + " is not an SR-IOV VF; --as-interface needs one (assign it as a hostdev: '" +
                        command_text({"vpt", "assign", guest, device.address.str()}) + "')");
    if (auto pool = pool_of(device.address))
        throw refused(describe(device) + " is a VF of pool network '" + *pool + "'; take one with '" +
                      command_text({"vpt", "assign", guest, "--pool", *pool}) + "'");
    const auto& holders = inventory.holders(device.address);
    if (holders.empty()) return;
    if (holders.front().guest == guest)
        throw refused(describe(device) + " is already assigned to " + holder_text(holders.front()));
    throw refused(describe(device) + " is held by " + holder_text(holders.front()) + "; take it back with " +
                  quoted_release(holders.front(), device.address));
}

// Whether a companion left out of the guest keeps the group viable.
std::optional<std::string> blocks_viability(const Inventory& inventory, const PciDevice& member) {
    if (member.is_vfio_bound()) return std::nullopt;
    if (member.driver) return "is bound to host driver '" + *member.driver + "'";
    if (!inventory.drivers_reported()) return "has a host driver this connection does not report";
    return std::nullopt;  // no driver at all: VFIO accepts that
}

}  // namespace

AssignPlan plan_assign(const Inventory& inventory, const std::string& guest,
                       const std::vector<const PciDevice*>& devices, DeviceForm form,
                       CompanionPolicy companions, const PoolLookup& pool_of) {
    AssignPlan plan;
    plan.guest = guest;
    auto planned = [&](const PciAddress& address) {
        return std::any_of(plan.additions.begin(), plan.additions.end(),
                           [&](const Addition& a) { return a.address == address; });
    };
    for (const PciDevice* device : devices) {
        if (planned(device->address)) throw bad_input(describe(*device) + " is named twice");
        check_requested(inventory, guest, *device, form, pool_of);
        plan.additions.push_back({device->address, describe(*device),
                                  form == DeviceForm::interface ? Holder::Kind::interface : Holder::Kind::hostdev,
                                  false});
    }
    for (const PciDevice* device : devices) {
        for (const PciDevice* member : inventory.group_of(*device)) {
            // A host or ISA/LPC bridge has an endpoint's header: VFIO does not
            // open the group while a host driver holds it, and vpt leaves
            // bridges to the host, so the guest would never start.
            if (member->is_platform_bridge() && member->driver && !member->is_vfio_bound())
                throw refused("the IOMMU group of " + describe(*device) + " also holds " + describe(*member) + ", " +
                              bridge_kind(*member) + " bound to host driver '" + *member->driver +
                              "': VFIO does not open the group while it is, so no guest can be given this device");
            if (member->is_bridge() || planned(member->address)) continue;
            const auto& holders = inventory.holders(member->address);
            auto other = std::find_if(holders.begin(), holders.end(),
                                      [&](const Holder& h) { return h.guest != guest; });
            if (other != holders.end())
                throw refused("companion " + describe(*member) + " in the same IOMMU group is held by " +
                              holder_text(*other) + ": a group cannot be split between guests; take it back with " +
                              quoted_release(*other, member->address));
            if (!holders.empty()) {
                plan.notes.push_back("companion " + describe(*member) + " is already in guest '" + guest + "'");
                continue;
            }
            if (companions == CompanionPolicy::none) {
                if (auto why = blocks_viability(inventory, *member))
                    throw refused("--no-companions: companion " + describe(*member) + " " + *why +
                                  ", so the group would not be viable ('" +
                                  command_text({"vpt", "detach", member->address.str()}) + "' detaches it, or leave out --no-companions and vpt adds it)");
                plan.notes.push_back("companion " + describe(*member) + " stays out of the guest");
                continue;
            }
            bool hidden = companions == CompanionPolicy::hidden;
            plan.additions.push_back({member->address, describe(*member),
                                      hidden ? Holder::Kind::placeholder : Holder::Kind::hostdev, true});
        }
    }
    return plan;
}

std::vector<PciAddress> plan_removal(const Inventory& inventory, const PciDevice& device, const std::string& guest) {
    auto held_here = [&](const PciDevice& d) { return inventory.held_by(d.address, guest); };
    if (!held_here(device)) throw bad_input(describe(device) + " is not assigned to guest '" + guest + "'");
    std::vector<PciAddress> addresses;
    for (const PciDevice* member : inventory.group_of(device))
        if (held_here(*member)) addresses.push_back(member->address);
    return addresses;
}

}  // namespace vpt
