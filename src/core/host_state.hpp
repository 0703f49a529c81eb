// The host as one read sees it: its PCI devices and who holds them (the
// inventory), its network interfaces, the guests' interfaces on networks,
// and its VF-pool networks. Plain data that planners take as input, so they
// are tested without libvirt; virt/inventory_reader fills it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/inventory.hpp"

namespace vpt {

// What vpt knows of a libvirt network (from its XML).
struct NetworkInfo {
    std::string name;
    std::string forward_mode;             // "nat", "hostdev", ... ("" when none)
    std::optional<std::string> pf_dev;    // <forward><pf dev=…/>
    std::vector<PciAddress> addresses;    // <forward><address …/>: explicit, or expanded when running
    std::optional<unsigned> vlan;         // the first <vlan><tag id=…/>

    bool is_hostdev_pool() const { return forward_mode == "hostdev"; }
};

// A network interface node device (capability type='net'): how a PF's
// interface name is found.
struct NetDevice {
    std::string name;       // nodedev name, e.g. net_enp3s0f0_00_1b_21_aa_bb_cc
    std::string parent;     // the PCI nodedev it belongs to
    std::string interface;  // e.g. enp3s0f0
    std::string mac;        // empty when libvirt reported none
};

// A guest interface on a network (it may be a VF pool; the VF it got is
// known only from the live XML, and only on some hypervisors).
struct NetworkUse {
    std::string guest;
    std::string network;
    bool active = false;
};

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
    // The guests' interfaces on the network `name`.
    std::vector<const NetworkUse*> users_of(const std::string& name) const;
};

}  // namespace vpt
