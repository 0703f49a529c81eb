// Reads libvirt network XML: what vpt needs to know of VF-pool networks
// (<forward mode='hostdev'>).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/pci_address.hpp"
#include "core/host_state.hpp"
#include "core/result.hpp"

namespace vpt {

Result<NetworkInfo> parse_network(std::string_view xml);

}  // namespace vpt
