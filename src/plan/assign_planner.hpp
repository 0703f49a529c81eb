// Plans giving devices to a guest: which XML each device gets, which IOMMU
// group companions come along, and every refusal that would otherwise only
// show up when the guest starts. Pure logic over the inventory.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/inventory.hpp"

namespace vpt {

// How the device itself appears in the guest.
enum class DeviceForm {
    hostdev,    // <hostdev mode='subsystem' type='pci'>
    interface,  // <interface type='hostdev'> (an SR-IOV VF as a NIC)
};

// What happens to the other endpoints of the device's IOMMU group.
enum class CompanionPolicy {
    hidden,   // default: <hostdev> with <address type='unassigned'/>: libvirt detaches them with the guest
    visible,  // --with-group: ordinary <hostdev>s the guest sees
    none,     // --no-companions: only if the group is already viable without them
};

struct Addition {
    PciAddress address;
    std::string label;
    Holder::Kind kind = Holder::Kind::hostdev;  // hostdev, interface or placeholder
    bool companion = false;
};

struct AssignPlan {
    std::string guest;
    std::vector<Addition> additions;   // requested devices first, then companions
    std::vector<std::string> notes;    // things the user should know
};

// Returns the pool network a VF belongs to, if any.
using PoolLookup = std::function<std::optional<std::string>(const PciAddress&)>;

// Throws vpt::Error (bad_input or refused) naming the device and holder.
AssignPlan plan_assign(const Inventory& inventory, const std::string& guest,
                       const std::vector<const PciDevice*>& devices, DeviceForm form,
                       CompanionPolicy companions, const PoolLookup& pool_of);

// What leaves the guest when DEV is taken out: DEV and every other member
// of its group that the guest holds (a group leaves a guest as a whole, or
// the host is left with a half group). Throws bad_input when the guest does
// not hold DEV.
std::vector<PciAddress> plan_removal(const Inventory& inventory, const PciDevice& device, const std::string& guest);

}  // namespace vpt
