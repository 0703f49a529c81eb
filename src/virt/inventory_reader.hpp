// Reads a host's inventory through libvirt with as few calls as the API
// allows: one listing of PCI devices, one XML description per device, one
// listing of net devices, and the guests' XML. The listings go out together,
// then the descriptions with a window of calls in flight sized from the
// connection's round trip (core/read_window), so that over a slow link a
// round trip is paid once per window, not once per object.
#pragma once

#include "core/host_state.hpp"
#include "virt/connection.hpp"
#include <map>

#include "xml/domain_devices.hpp"
#include "xml/network_parser.hpp"
#include "xml/nodedev_parser.hpp"

namespace vpt {

HostState read_host_state(const Connection& connection);

// When `text` names a node device that exists but is not a PCI device, a
// message saying so; otherwise empty. Used to explain a failed lookup.
std::string explain_non_pci_device(const Connection& connection, const std::string& text);

}  // namespace vpt
