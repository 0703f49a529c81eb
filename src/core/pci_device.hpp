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
    bool pci_bridge_capability = false;    // libvirt reported <capability type='pci-bridge'>
    // libvirt reported <pci-express>: a PCIe function. A conventional PCI one
    // (no such element) goes on a PCI bridge's slot in a q35 guest.
    bool pci_express = false;

    // PCI/PCIe bridges and root ports: never detached, never assigned.
    bool is_bridge() const;
    bool is_vfio_bound() const { return driver && *driver == "vfio-pci"; }
};

// Class code 0x06 0x04 is a PCI-to-PCI bridge (root ports and switch ports
// report it too); 0x06 0x09 is semi-transparent; cardbus is 0x06 0x07.
bool is_bridge_class(uint32_t class_code);

// Human-readable name of the class's base/sub class, e.g. "VGA controller".
std::string class_description(uint32_t class_code);

}  // namespace vpt
