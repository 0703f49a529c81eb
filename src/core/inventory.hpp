// Every PCI device of a host with the guests that hold them: the read
// model that list/show/detach/assign all work from. Built once per run.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/holder.hpp"
#include "core/pci_device.hpp"

namespace vpt {

// Whether the source reports host drivers: libvirt omits <driver> for a
// device with none bound, but its test driver omits it for every device.
enum class DriverReporting { reported, not_reported };

class Inventory {
public:
    Inventory() = default;
    // Takes the devices (any order) and what the guests hold.
    Inventory(std::vector<PciDevice> devices, const std::vector<HeldDevice>& held,
              DriverReporting drivers = DriverReporting::reported);

    // False when a missing driver means "unknown" rather than "none".
    bool drivers_reported() const { return drivers_ == DriverReporting::reported; }

    // Sorted by address.
    const std::vector<PciDevice>& devices() const { return devices_; }

    const PciDevice* find(const PciAddress& address) const;
    const PciDevice* find_by_name(const std::string& nodedev_name) const;

    // The guests holding a device (empty when free).
    const std::vector<Holder>& holders(const PciAddress& address) const;
    // Whether `guest` is among them.
    bool held_by(const PciAddress& address, const std::string& guest) const;

    // The members of `device`'s IOMMU group, sorted, itself included. A member
    // libvirt listed but did not report as a device is left out; a device with
    // no group is alone.
    std::vector<const PciDevice*> group_of(const PciDevice& device) const;

    // Marks the devices bound to vfio-pci from boot on (addresses not present are ignored).
    void mark_boot_bound(const std::vector<PciAddress>& addresses);

private:
    std::vector<PciDevice> devices_;
    DriverReporting drivers_ = DriverReporting::reported;
    std::map<PciAddress, size_t> by_address_;
    std::map<std::string, size_t> by_name_;
    std::map<PciAddress, std::vector<Holder>> holders_;
};

}  // namespace vpt
