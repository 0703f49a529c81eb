// Reads libvirt network XML: what vpt needs to know of VF-pool networks
// (<forward mode='hostdev'>).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/pci_address.hpp"
#include "core/result.hpp"

namespace vpt {

struct NetworkInfo {
    std::string name;
    std::string forward_mode;             // "nat", "hostdev", ... ("" when none)
    std::optional<std::string> pf_dev;    // <forward><pf dev=…/>
    std::vector<PciAddress> addresses;    // <forward><address …/>: explicit, or expanded when running
    std::optional<unsigned> vlan;         // the first <vlan><tag id=…/>

    bool is_hostdev_pool() const { return forward_mode == "hostdev"; }
};

Result<NetworkInfo> parse_network(std::string_view xml);

}  // namespace vpt
