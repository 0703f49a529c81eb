// Does the host itself depend on a PCI device? Detaching such a device
// from its host driver takes the disk, network or console away from the
// running system, so `vpt detach` refuses it unless forced.
//
// Read from sysfs and procfs (through HostFs, so fixture trees can express
// every case):
//   - a block device below the device (NVMe namespaces, disks behind SATA,
//     SAS, RAID or USB controllers: /sys/class/block/* whose resolved path
//     passes through the device) that the host uses: see block_use.hpp;
//   - a network interface of the device (/sys/bus/pci/devices/X/net/*) that
//     carries the default route (/proc/net/route, /proc/net/ipv6_route), has
//     an address (/proc/net/fib_trie attributed through /proc/net/route,
//     global addresses in /proc/net/if_inet6, and getifaddrs on a live host),
//     is a port of a bridge or bond (master), or carries an upper device
//     (VLAN, macvlan) that is in use;
//   - the boot display (boot_vga = 1).
#pragma once

#include <string>
#include <vector>

#include "core/pci_address.hpp"
#include "host/host_fs.hpp"

namespace vpt {

struct HostUse {
    PciAddress address;
    // One line: "0000:00:17.0 (SATA controller): sda2 is mounted on /".
    std::string reason;
};

// Every way the host uses the device at `address`; empty when it uses none.
std::vector<HostUse> find_host_uses(const HostFs& fs, const PciAddress& address);

// The same for several devices (a whole IOMMU group), in the given order.
std::vector<HostUse> find_host_uses(const HostFs& fs, const std::vector<PciAddress>& addresses);

// "0000:00:17.0 (SATA controller)": the device's address and sysfs class.
std::string describe_pci_device(const HostFs& fs, const PciAddress& address);

}  // namespace vpt
