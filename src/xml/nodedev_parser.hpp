// Parses libvirt node device XML (virNodeDeviceGetXMLDesc) into the core
// model. Takes strings so tests feed literal text.
#pragma once

#include <string>
#include <string_view>

#include "core/pci_device.hpp"
#include "core/result.hpp"

namespace vpt {

// A network interface node device (capability type='net'): how a PF's
// interface name is found.
struct NetDevice {
    std::string name;       // nodedev name, e.g. net_enp3s0f0_00_1b_21_aa_bb_cc
    std::string parent;     // the PCI nodedev it belongs to
    std::string interface;  // e.g. enp3s0f0
    std::string mac;        // empty when libvirt reported none
};

// Fails when the XML is malformed or has no <capability type='pci'>.
Result<PciDevice> parse_pci_nodedev(std::string_view xml);
Result<NetDevice> parse_net_nodedev(std::string_view xml);

}  // namespace vpt
