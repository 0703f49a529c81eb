// vpt topo --format dot: the PCI tree as a Graphviz graph. Each device is
// one node named by its address, each IOMMU group a box around its members
// coloured by what a guest may do with it, each NUMA node a box around its
// root complexes.
#pragma once

#include <string>

#include "core/inventory.hpp"
#include "core/pci_tree.hpp"

namespace vpt {

// How an IOMMU group's box is coloured.
enum class GroupShade {
    held,       // a guest holds a member: blue
    free,       // viable: green
    undecided,  // free, but the connection does not report drivers: green, dashed
    host,       // the host uses it (host drivers, only bridges): grey
};

GroupShade group_shade(const Inventory& inventory, const PciDevice& member);

std::string topo_dot(const PciTree& tree, const Inventory& inventory, bool show_numa);

}  // namespace vpt
