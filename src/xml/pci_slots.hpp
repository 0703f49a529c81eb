// Where a device hot-plugged into a running q35 guest can go: a PCIe device
// needs a free hot-pluggable pcie-root-port, a conventional PCI device a free
// slot on a pcie-to-pci-bridge or pci-bridge; libvirt adds neither to a
// running guest, and only says "No more available PCI slots" after trying.
// Read from the guest's live XML.
#pragma once

#include <string_view>

#include "core/result.hpp"

namespace vpt {

struct HotplugSlots {
    bool q35 = false;          // PCIe machine: hot-plug needs root ports
    unsigned free_ports = 0;   // pcie-root-ports with hot-plug on and nothing behind them
    unsigned free_pci_slots = 0;  // empty slots 1-31 of hot-pluggable PCI bridges
};

Result<HotplugSlots> hotplug_slots(std::string_view domain_xml);

}  // namespace vpt
