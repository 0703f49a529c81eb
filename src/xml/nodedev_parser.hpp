// Parses libvirt node device XML (virNodeDeviceGetXMLDesc) into the core
// model. Takes strings so tests feed literal text.
#pragma once

#include <string>
#include <string_view>

#include "core/pci_device.hpp"
#include "core/host_state.hpp"
#include "core/result.hpp"

namespace vpt {

// Fails when the XML is malformed or has no <capability type='pci'>.
Result<PciDevice> parse_pci_nodedev(std::string_view xml);
Result<NetDevice> parse_net_nodedev(std::string_view xml);

}  // namespace vpt
