// Reads a host's inventory through libvirt with as few calls as the API
// allows: one listing of PCI devices, one XML description per device, one
// listing of net devices, and the guests' XML.
#pragma once

#include "core/inventory.hpp"
#include "virt/connection.hpp"
#include <map>

#include "xml/domain_devices.hpp"
#include "xml/network_parser.hpp"
#include "xml/nodedev_parser.hpp"

namespace vpt {

// A VF-pool network and the VFs it hands out.
struct PoolNetwork {
    NetworkInfo info;
    bool active = false;
    bool autostart = false;
    std::vector<PciAddress> vfs;  // explicit addresses, or the VFs of its PF now
};

// A network interface node device's name and MAC, by its parent PCI node device.
struct NetChild {
    std::string interface;
    std::string mac;  // empty when libvirt reported none
};

struct HostState {
    Inventory inventory;
    std::vector<NetDevice> net_devices;    // every network interface node device
    std::vector<NetworkUse> network_uses;  // guests' interfaces on networks
    std::vector<PoolNetwork> pools;        // networks with <forward mode='hostdev'>

    // The pool a device belongs to, if any.
    const PoolNetwork* pool_of(const PciAddress& address) const;
    const PoolNetwork* pool(const std::string& name) const;
    // The interface of each PCI node device that has one, by its node device
    // name; a PCI function with several netdevs (rare) is named by the first.
    std::map<std::string, NetChild> net_children() const;
};

HostState read_host_state(const Connection& connection);

// When `text` names a node device that exists but is not a PCI device, a
// message saying so; otherwise empty. Used to explain a failed lookup.
std::string explain_non_pci_device(const Connection& connection, const std::string& text);

}  // namespace vpt
