// A PCI device's identity read from sysfs below a HostFs root: what libvirt
// does not report (subsystem ids, the PCIe Device Serial Number), and, for
// the libvirt hook (which must not call back into libvirt), everything.
#pragma once

#include <optional>
#include <vector>

#include "core/device_identity.hpp"
#include "host/host_fs.hpp"

namespace vpt {

// Adds the subsystem ids and the Device Serial Number of the device at
// `identity.address`, where sysfs has them (the full config space is
// readable by root only); fields sysfs does not give stay as they were.
void add_sysfs_identity(const HostFs& fs, DeviceIdentity& identity);

// The device at `address`: ids, class, subsystem ids, DSN, IOMMU group and
// its members; nullopt when there is none or its ids cannot be read.
std::optional<DeviceIdentity> read_sysfs_identity(const HostFs& fs, const PciAddress& address);

// Every PCI device in /sys/bus/pci/devices: ids, class, subsystem ids,
// DSN, IOMMU group and its members. A directory whose name is not a PCI
// address or whose ids cannot be read is left out.
std::vector<DeviceIdentity> read_sysfs_identities(const HostFs& fs);

}  // namespace vpt
