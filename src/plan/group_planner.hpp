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

// A reset of every endpoint, the way libvirt resets a group it passes
// through. Bridges are left alone. A member a running guest holds, or one
// a host driver other than vfio-pci is using (a reset pulls the device from
// under that driver), goes into the plan's refusals, each naming the
// command that clears it. A reset has no undo. libvirt itself skips a
// member on vfio-pci (vfio-pci resets it when a guest opens or releases it)
// and one with FLR; each step's reason says which applies.
Plan plan_group_reset(const Inventory& inventory, const PciDevice& device);

}  // namespace vpt
