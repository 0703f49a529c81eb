// Can a device's IOMMU group be given to a guest as it stands? VFIO only
// opens a group when every endpoint in it is bound to vfio-pci (or to no
// driver); bridges and root ports are left alone, but a host or ISA/LPC
// bridge bound to a host driver keeps the group from opening.
#pragma once

#include <string>
#include <vector>

#include "core/inventory.hpp"

namespace vpt {

struct GroupVerdict {
    bool viable = true;
    std::vector<std::string> reasons;  // one per problem, naming the member
    size_t unknown_drivers = 0;        // reasons that are only "driver not reported"

    // Not viable only because the connection does not report drivers.
    bool undecided() const { return !viable && unknown_drivers == reasons.size(); }
};

GroupVerdict assess_group(const Inventory& inventory, const PciDevice& device);

// "0000:01:00.1 (GP104 HD Audio Controller)": how messages name a device.
std::string describe(const PciDevice& device);

}  // namespace vpt
