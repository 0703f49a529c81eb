// vpt topo's default output: the PCI tree as indented lines, like
// `lspci -tv`, with each device's driver, IOMMU group and holder.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/inventory.hpp"
#include "core/pci_tree.hpp"

namespace vpt {

// The tree as text, each line at most `width` characters when given (the
// product name gives way, ending in "…"). Drivers are left out when the
// inventory does not report them; NUMA nodes when `show_numa` is false.
std::string topo_text(const PciTree& tree, const Inventory& inventory, bool show_numa,
                      std::optional<size_t> width);

// "free", or "held by web, ci": the guests holding `address`, each once.
std::string holding_text(const Inventory& inventory, const PciAddress& address);

// The product as a label names it: the product name, else vendor and ids.
std::string product_label(const PciDevice& device);

}  // namespace vpt
