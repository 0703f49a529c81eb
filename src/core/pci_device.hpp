// What vpt knows about one PCI device, as read from libvirt's node device
// XML. Fields libvirt did not report stay empty: vpt never invents them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/pci_address.hpp"

namespace vpt {

// The device's place in SR-IOV, if any.
struct SriovInfo {
    enum class Role { pf, vf };
    Role role = Role::pf;
    std::optional<int> max_vfs;     // pf: the most VFs it can have
    std::vector<PciAddress> vfs;    // pf: the VFs that exist now
    std::optional<PciAddress> pf;   // vf: its physical function
};

// One end of a PCIe link as libvirt reports it: speed in GT/s ("2.5",
// "8", "16") and lanes. Either may be missing.
struct PcieLink {
    std::optional<std::string> speed;  // GT/s, as libvirt prints it
    std::optional<int> width;          // lanes
};

struct PciDevice {
    std::string name;                      // libvirt node device name
    std::string parent;                    // parent node device name
    PciAddress address;
    uint32_t vendor_id = 0;
    uint32_t product_id = 0;
    std::optional<std::string> vendor;     // vendor name
    std::optional<std::string> product;    // product name
    std::optional<uint32_t> class_code;    // 24-bit class/subclass/prog-if
    std::optional<std::string> driver;     // bound host driver; empty when unknown
    std::optional<int> iommu_group;
    std::vector<PciAddress> group_members; // sorted, includes the device itself
    std::optional<SriovInfo> sriov;
    std::optional<std::string> netdev;     // interface name of a net child
    std::optional<std::string> vpd_serial; // <capability type='vpd'> read-only serial_number
    bool pci_bridge_capability = false;    // libvirt reported <capability type='pci-bridge'>
    // libvirt reported <pci-express>: a PCIe function. A conventional PCI one
    // (no such element) goes on a PCI bridge's slot in a q35 guest.
    bool pci_express = false;
    // The PCIe link: what the device can do (libvirt's validity='cap') and
    // what it runs at now ('sta'). Empty for conventional PCI.
    std::optional<PcieLink> link_max;
    std::optional<PcieLink> link_now;
    // The NUMA node the device is attached to; empty when the host has one
    // node or the firmware does not say (sysfs numa_node -1).
    std::optional<int> numa_node;
    // Bound to vfio-pci from boot on (`vpt detach --persist`, driverctl):
    // read from the host's /etc, so known on the local host only.
    bool boot_bound = false;

    // A bridge of any kind (is_bridge_class, or libvirt's pci-bridge or
    // cardbus-bridge capability): not an endpoint, never detached, never
    // assigned.
    bool is_bridge() const;
    // A host or ISA/LPC bridge: a bridge whose configuration header is an
    // endpoint's, so VFIO treats it as one (see assess_group).
    bool is_platform_bridge() const;
    bool is_vfio_bound() const { return driver && *driver == "vfio-pci"; }
};

// The one test of a bridge class: 0x0604 PCI-to-PCI (root ports and switch
// ports report it too), 0x0609 semi-transparent PCI-to-PCI, 0x0607 CardBus,
// 0x0600 host bridge (the CPU's own way onto the bus) and 0x0601 ISA/LPC
// bridge (the platform's legacy devices: TPM, watchdog, firmware flash).
// The host needs every one of them, and none is of use to a guest.
bool is_bridge_class(uint32_t class_code);

// How a message names the kind of bridge `device` is: "a host bridge",
// "an ISA/LPC bridge", "a CardBus bridge" or "a PCI bridge or root port".
std::string bridge_kind(const PciDevice& device);

}  // namespace vpt
