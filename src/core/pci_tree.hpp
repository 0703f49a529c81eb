// The host's PCI tree as libvirt's node devices describe it: each device
// names its parent (an endpoint its bridge or root port, a root port
// "computer"), and the devices whose parent is no PCI device sit on a root
// bus of a root complex. Pure: built from the devices alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/pci_device.hpp"

namespace vpt {

// What a device is in the tree, for a label: bridges by their place (a PCIe
// capability type libvirt does not report), endpoints by their product.
enum class TreeRole {
    endpoint,
    host_bridge,             // class 0x0600
    isa_bridge,              // class 0x0601
    root_port,               // a PCI-to-PCI bridge on a root bus
    switch_upstream_port,    // a bridge below a port whose own children are bridges
    switch_downstream_port,  // a bridge below a switch's upstream port
    pci_bridge,              // any other bridge (PCIe-to-PCI, CardBus, nested)
};

// "root port", "switch downstream port", "endpoint".
const char* tree_role_name(TreeRole role);

struct PciTreeNode {
    const PciDevice* device = nullptr;
    TreeRole role = TreeRole::endpoint;
    std::vector<PciTreeNode> children;  // by address
};

// One root bus: the devices whose parent is not a PCI device, keyed by
// their domain and bus (Linux's pci0000:17).
struct RootComplex {
    uint32_t domain = 0;
    uint32_t bus = 0;
    std::optional<int> numa_node;    // the node its devices report, if any
    std::vector<PciTreeNode> roots;  // by address

    std::string name() const;  // "pci0000:17"
};

struct PciTree {
    std::vector<RootComplex> complexes;  // by domain and bus
};

// The tree of `devices` (any order; pointers into it stay valid while it
// lives). Every device appears exactly once: a parent chain that loops
// back on itself is cut, its first device by address made a root.
PciTree build_pci_tree(const std::vector<PciDevice>& devices);

// Whether the devices report NUMA nodes at all (a host with one node
// reports none): only then is a node worth showing.
bool reports_numa(const std::vector<PciDevice>& devices);

}  // namespace vpt
