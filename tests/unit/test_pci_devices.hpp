// Building PCI devices for tests of code that works on the inventory.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/pci_device.hpp"

namespace vpt::test {

inline PciAddress addr(const char* text) { return *PciAddress::parse(text); }

// A device at `address` in IOMMU group `group` with those members.
inline PciDevice make_device(const char* address, std::optional<std::string> driver, std::optional<int> group,
                             const std::vector<const char*>& members, uint32_t class_code) {
    PciDevice d;
    d.address = addr(address);
    d.name = d.address.nodedev_name();
    d.driver = std::move(driver);
    d.class_code = class_code;
    d.iommu_group = group;
    for (auto* m : members) d.group_members.push_back(addr(m));
    return d;
}

}  // namespace vpt::test
