// Plans a whole-group detach or reattach from the inventory: the safety
// rules of vpt in one place. Refusals throw vpt::Error naming the member.
#pragma once

#include "core/inventory.hpp"
#include "core/plan.hpp"

namespace vpt {

// Every endpoint of the device's group to vfio-pci. Bridges and root ports
// are left alone, members already on vfio-pci are skipped. Refused: a bridge
// named directly, a device without an IOMMU group, a member in use by a
// running guest.
Plan plan_group_detach(const Inventory& inventory, const PciDevice& device);

// Every endpoint back to its host driver. Refused while a running guest holds
// a member; a member in a shut-off guest's config is a warning. What
// `releasing_guest` holds is not counted: the same plan takes it out first.
Plan plan_group_reattach(const Inventory& inventory, const PciDevice& device,
                         const std::string& releasing_guest = "");

}  // namespace vpt
