// libvirt's virConnectListAll* calls as owned handles, and the names they
// list; a failed listing throws.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "virt/connection.hpp"
#include "virt/handles.hpp"

namespace vpt {

// `what` names the devices in the error: "PCI node devices".
std::vector<NodeDeviceHandle> list_node_devices(const Connection& connection, unsigned flags, const char* what);
std::vector<DomainHandle> list_domains(const Connection& connection, unsigned flags);
std::vector<NetworkHandle> list_networks(const Connection& connection, unsigned flags);

std::set<std::string> node_device_names(const Connection& connection, unsigned flags, const char* what);
std::set<std::string> network_names(const Connection& connection, unsigned flags);

}  // namespace vpt
