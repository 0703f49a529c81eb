// Where a device hot-plugged into a running q35 guest can go: each device
// needs a free hot-pluggable pcie-root-port, and libvirt only says "No more
// available PCI slots" after trying. Read from the guest's live XML.
#pragma once

#include <string_view>

#include "core/result.hpp"

namespace vpt {

struct HotplugSlots {
    bool q35 = false;          // PCIe machine: hot-plug needs root ports
    unsigned free_ports = 0;   // pcie-root-ports with hot-plug on and nothing behind them
};

Result<HotplugSlots> hotplug_slots(std::string_view domain_xml);

}  // namespace vpt
