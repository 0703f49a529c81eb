// <interface type='network'>: a guest interface on a libvirt network, the
// way a guest takes a VF from an SR-IOV pool network.
#pragma once

#include <optional>
#include <string>

#include "core/mac_address.hpp"
#include "core/result.hpp"

namespace vpt {

struct NetworkInterfaceSpec {
    std::string network;             // the network's name
    std::optional<MacAddress> mac;   // none: libvirt picks one
    std::optional<unsigned> vlan;    // 1-4094
};

// The <interface type='network'> element, from
// xml-templates/interface-network.xml. Fails (and emits nothing) on an empty
// network name or one with '/' or control characters, a zero MAC, or a
// VLAN id out of range.
Result<std::string> network_interface_xml(const NetworkInterfaceSpec& spec);

}  // namespace vpt
