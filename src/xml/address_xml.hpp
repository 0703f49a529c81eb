// Reading numbers and PCI addresses out of libvirt XML, in one place.
#pragma once

#include <cstdint>
#include <optional>
#include <pugixml.hpp>

#include "core/pci_address.hpp"

namespace vpt {

// libvirt writes some numbers in decimal (<bus>129</bus>) and others in hex
// (bus='0x81'); this reads both, as libvirt does. False on anything else.
bool read_xml_number(const char* text, uint64_t& out);

// <address domain='0x0000' bus='0x06' slot='0x02' function='0x0'/>; a missing
// domain means 0, as in libvirt.
Result<PciAddress> read_address_attributes(const pugi::xml_node& address);

// The <source><address .../></source> of a device element, parsed; nullopt
// when it is missing or malformed. The caller checks the device's type.
std::optional<PciAddress> source_pci_address(const pugi::xml_node& device);

}  // namespace vpt
