// The host's capabilities document (virConnectGetCapabilities).
#pragma once

#include <string>

#include "virt/connection.hpp"

namespace vpt {

// Throws (libvirt_failure) when libvirt cannot say.
std::string host_capabilities_xml(const Connection& connection);

}  // namespace vpt
