// Turns what a user typed into a device of the inventory, or into an error
// that says what went wrong and what they may have meant.
#pragma once

#include <string>

#include "core/inventory.hpp"

namespace vpt {

// Accepts pci_0000_01_00_0, 0000:01:00.0, 01:00.0 and any PCI nodedev name
// (even one that is not an address, like pci_1002_71c4). Throws bad_input
// for malformed text or an unknown device, suggesting close matches.
const PciDevice& lookup_device(const Inventory& inventory, const std::string& text);

// Up to `limit` device names or addresses closest to `text`.
std::vector<std::string> close_matches(const Inventory& inventory, const std::string& text,
                                       size_t limit = 3);

}  // namespace vpt
