// <network> with <forward mode='hostdev'>: an SR-IOV VF pool that guests
// take VFs from with <interface type='network'>.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/pci_address.hpp"
#include "core/result.hpp"

namespace vpt {

struct PoolSpec {
    std::string name;                   // the network's name
    std::optional<std::string> pf_dev;  // <pf dev='IFACE'/>: every VF of this PF
    std::vector<PciAddress> vfs;        // or an explicit VF list
    std::optional<unsigned> vlan;       // 1-4094, set on every VF handed out
};

// The <network> element, from xml-templates/network-hostdev-pool.xml.
// Exactly one of pf_dev / vfs must be given; VFs must not repeat. Fails
// (and emits nothing) on a bad name, interface name or VLAN id.
Result<std::string> pool_network_xml(const PoolSpec& spec);

}  // namespace vpt
