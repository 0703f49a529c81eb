// Turns what a user typed into devices of the inventory, or into an error
// that says what went wrong and what they may have meant. The text is
// parsed (DeviceSelector) before it is matched: nothing malformed gets as
// far as a lookup, let alone a path.
#pragma once

#include <string>
#include <vector>

#include "core/inventory.hpp"

namespace vpt {

// Every device `text` names, sorted by address: any PCI nodedev name (even
// one that is not an address, like pci_1002_71c4) or an address names one,
// a slot (01:00) every function of it, vendor:device (10de:2204) every
// device with those ids. Throws bad_input for malformed text or when
// nothing matches, suggesting close matches.
std::vector<const PciDevice*> select_devices(const Inventory& inventory, const std::string& text);

// Every device each of `texts` names, each once, in the order named: a
// slot or vendor:device may overlap another name, but a device named twice
// by its name or address is a slip, refused as bad input.
std::vector<const PciDevice*> select_each(const Inventory& inventory, const std::vector<std::string>& texts);

// The one device `text` names. A selector that matches several is bad
// input whose line lists them.
const PciDevice& lookup_device(const Inventory& inventory, const std::string& text);

// The devices `text` names when they are all of one IOMMU group, so that
// the text names that group; bad input listing them when they are not.
std::vector<const PciDevice*> lookup_group(const Inventory& inventory, const std::string& text);

// The SR-IOV PF whose network interface is `interface` (enp3s0f0); bad
// input naming every PF's interface when no PF has it.
const PciDevice& lookup_pf_interface(const Inventory& inventory, const std::string& interface);

// Up to `limit` names, addresses, slots or vendor:device pairs of the
// inventory closest to `text`, in the form typed.
std::vector<std::string> close_matches(const Inventory& inventory, const std::string& text,
                                       size_t limit = 3);

}  // namespace vpt
