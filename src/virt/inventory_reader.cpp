#include "virt/inventory_reader.hpp"

#include <libvirt/virterror.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "virt/listings.hpp"
#include "xml/nodedev_parser.hpp"

namespace vpt {
namespace {

// An object listed a moment ago can be gone when its XML is asked for: a
// transient guest that stopped, a VF whose PF changed its count. It is left
// out, as if the listing had come a moment later.
bool vanished() {
    int code = virGetLastErrorCode();
    return code == VIR_ERR_NO_NODE_DEVICE || code == VIR_ERR_NO_DOMAIN || code == VIR_ERR_NO_NETWORK;
}

std::optional<std::string> xml_of(virNodeDevicePtr device) {
    LibvirtString xml(virNodeDeviceGetXMLDesc(device, 0));
    if (!xml && vanished()) return std::nullopt;
    if (!xml) throw libvirt_failure(std::string("cannot read node device ") + virNodeDeviceGetName(device));
    return xml.get();
}

std::optional<PciDevice> read_pci_device(virNodeDevicePtr handle) {
    auto xml = xml_of(handle);
    if (!xml) return std::nullopt;
    auto device = parse_pci_nodedev(*xml);
    if (!device) {
        spdlog::warn("skipping node device {}: {}", virNodeDeviceGetName(handle), device.error());
        return std::nullopt;
    }
    return std::move(device).value();
}

// Threads that fetch and parse the PCI devices' XML, sharing the connection.
// Through a remote libvirtd one parses while another waits for the daemon's
// reply: on a 2-CPU host three readers take a tenth off the whole run of
// `vpt list`, and more gain nothing.
constexpr size_t pci_readers = 3;

std::vector<PciDevice> read_pci_devices(const Connection& connection) {
    auto handles = list_node_devices(connection, VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV,
                                     "PCI node devices");
    std::vector<std::optional<PciDevice>> read(handles.size());
    auto read_every_nth = [&](size_t first) {
        for (size_t i = first; i < handles.size(); i += pci_readers) read[i] = read_pci_device(handles[i].get());
    };
    // Declared after `handles` and `read`: should this thread throw, the
    // futures' destructors wait for the helpers before those go.
    std::vector<std::future<void>> helpers;
    for (size_t first = 1; first < pci_readers; ++first)
        helpers.push_back(std::async(std::launch::async, read_every_nth, first));
    read_every_nth(0);
    for (auto& helper : helpers) helper.get();
    std::vector<PciDevice> devices;
    devices.reserve(handles.size());
    for (auto& device : read)
        if (device) devices.push_back(std::move(*device));
    return devices;
}

std::vector<NetDevice> read_net_devices(const Connection& connection) {
    std::vector<NetDevice> nets;
    for (const auto& handle : list_node_devices(connection, VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET,
                                                "network node devices"))
        if (auto xml = xml_of(handle.get()))
            if (auto net = parse_net_nodedev(*xml)) nets.push_back(std::move(net).value());
    return nets;
}

// Gives each PCI device the interface name of its net child.
void attach_netdevs(const std::map<std::string, NetChild>& children, std::vector<PciDevice>& devices) {
    for (auto& device : devices)
        if (auto it = children.find(device.name); it != children.end()) device.netdev = it->second.interface;
}

std::optional<std::string> domain_xml(virDomainPtr domain, unsigned flags) {
    LibvirtString xml(virDomainGetXMLDesc(domain, flags));
    if (!xml && vanished()) return std::nullopt;
    if (!xml) throw libvirt_failure(std::string("cannot read guest ") + virDomainGetName(domain));
    return xml.get();
}

void add_domain(const DomainDevices& parsed, std::vector<HeldDevice>& held,
                std::vector<NetworkUse>& uses) {
    held.insert(held.end(), parsed.held.begin(), parsed.held.end());
    uses.insert(uses.end(), parsed.network_uses.begin(), parsed.network_uses.end());
}

// What one guest's XML holds; nothing when the guest is gone, or (with a
// warning) when libvirt's XML cannot be parsed.
std::optional<DomainDevices> read_guest(virDomainPtr domain, unsigned xml_flags, bool active) {
    auto xml = domain_xml(domain, xml_flags);
    if (!xml) return std::nullopt;
    auto devices = parse_domain_devices(*xml, active);
    if (!devices) {
        spdlog::warn("skipping guest {}: {}", virDomainGetName(domain), devices.error());
        return std::nullopt;
    }
    return std::move(devices).value();
}

// What every guest holds: a running guest's live XML (active), plus whatever
// only its persistent config names (inactive); a shut-off guest's config.
// The guests' states come from filtered listings, not a call per guest.
void read_guests(const Connection& connection, std::vector<HeldDevice>& held,
                 std::vector<NetworkUse>& uses) {
    for (const auto& domain : list_domains(connection, VIR_CONNECT_LIST_DOMAINS_INACTIVE))
        if (auto config = read_guest(domain.get(), 0, false)) add_domain(*config, held, uses);
    for (const auto& domain : list_domains(connection, VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_TRANSIENT))
        if (auto live = read_guest(domain.get(), 0, true)) add_domain(*live, held, uses);
    for (const auto& domain :
         list_domains(connection, VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_PERSISTENT)) {
        auto live = read_guest(domain.get(), 0, true);
        if (!live) continue;
        add_domain(*live, held, uses);
        auto config = read_guest(domain.get(), VIR_DOMAIN_XML_INACTIVE, false);
        if (!config) continue;
        DomainDevices config_only{config->guest, {}, {}};
        for (const auto& h : config->held) {
            bool in_live = std::any_of(live->held.begin(), live->held.end(),
                                       [&](const HeldDevice& l) { return l.address == h.address; });
            if (!in_live) config_only.held.push_back(h);
        }
        // A running guest's interface on a VF pool shows in its live XML as
        // <interface type='hostdev'> without the network's name: the config
        // still names the network the guest uses.
        for (auto use : config->network_uses) {
            bool in_live = std::any_of(live->network_uses.begin(), live->network_uses.end(),
                                       [&](const NetworkUse& l) { return l.network == use.network; });
            if (in_live) continue;
            use.active = true;
            config_only.network_uses.push_back(use);
        }
        add_domain(config_only, held, uses);
    }
}

// Every hostdev pool network; the VFs it hands out are its explicit (or,
// once running, expanded) address list, else given later by its PF.
std::vector<PoolNetwork> read_pools(const Connection& connection) {
    auto active = network_names(connection, VIR_CONNECT_LIST_NETWORKS_ACTIVE);
    auto autostart = network_names(connection, VIR_CONNECT_LIST_NETWORKS_AUTOSTART);
    std::vector<PoolNetwork> pools;
    for (const auto& network : list_networks(connection, 0)) {
        LibvirtString xml(virNetworkGetXMLDesc(network.get(), 0));
        if (!xml && vanished()) continue;
        if (!xml) throw libvirt_failure(std::string("cannot read network ") + virNetworkGetName(network.get()));
        auto info = parse_network(xml.get());
        if (!info) {
            spdlog::warn("skipping network {}: {}", virNetworkGetName(network.get()), info.error());
            continue;
        }
        if (!info->is_hostdev_pool()) continue;
        pools.push_back({*info, active.count(info->name) > 0, autostart.count(info->name) > 0, info->addresses});
    }
    // libvirt lists networks in hash order; show them by name.
    std::sort(pools.begin(), pools.end(),
              [](const PoolNetwork& a, const PoolNetwork& b) { return a.info.name < b.info.name; });
    return pools;
}

// A pool named by its PF (<pf dev=…/>) hands out that PF's current VFs.
void resolve_pool_vfs(std::vector<PoolNetwork>& pools, const std::vector<PciDevice>& devices) {
    std::unordered_map<std::string_view, const SriovInfo*> sriov_by_netdev;
    for (const auto& device : devices)
        if (device.netdev && device.sriov) sriov_by_netdev.emplace(*device.netdev, &*device.sriov);
    for (auto& pool : pools) {
        if (!pool.vfs.empty() || !pool.info.pf_dev) continue;
        auto it = sriov_by_netdev.find(*pool.info.pf_dev);
        if (it != sriov_by_netdev.end()) pool.vfs = it->second->vfs;
    }
}

// A VF a running guest holds as a hostdev interface, from a pool the guest
// uses, was handed out by that pool: say so. Looked up, not scanned: a large
// host has thousands of VFs, hundreds of guest interfaces and of pools.
void attribute_pool_vfs(std::vector<HeldDevice>& held, const std::vector<NetworkUse>& uses,
                        const std::vector<PoolNetwork>& pools) {
    std::set<std::pair<std::string_view, std::string_view>> guest_networks;
    for (const auto& use : uses) guest_networks.emplace(use.guest, use.network);
    std::map<PciAddress, std::vector<const PoolNetwork*>> pools_by_vf;
    for (const auto& pool : pools)
        for (const auto& vf : pool.vfs) pools_by_vf[vf].push_back(&pool);
    for (auto& h : held) {
        if (h.holder.kind != Holder::Kind::interface) continue;
        auto candidates = pools_by_vf.find(h.address);
        if (candidates == pools_by_vf.end()) continue;
        for (const auto* pool : candidates->second) {
            if (!guest_networks.count({h.holder.guest, pool->info.name})) continue;
            h.holder.kind = Holder::Kind::network;
            h.holder.network = pool->info.name;
            break;
        }
    }
}

}  // namespace

HostState read_host_state(const Connection& connection) {
    // Net devices, guests and networks do not depend on the PCI devices: a second
    // thread reads them meanwhile, so that through a remote libvirtd their
    // round trips overlap the PCI devices' instead of adding to them.
    struct SideFacts {
        std::vector<NetDevice> nets;
        std::vector<HeldDevice> held;
        std::vector<NetworkUse> uses;
        std::vector<PoolNetwork> pools;
    };
    auto side = std::async(std::launch::async, [&connection] {
        SideFacts facts;
        facts.nets = read_net_devices(connection);
        read_guests(connection, facts.held, facts.uses);
        facts.pools = read_pools(connection);
        return facts;
    });
    std::vector<PciDevice> devices;
    try {
        devices = read_pci_devices(connection);
    } catch (...) {
        side.wait();  // never leave the other thread using the connection
        throw;
    }
    SideFacts facts = side.get();
    HostState state;
    state.net_devices = std::move(facts.nets);
    attach_netdevs(state.net_children(), devices);
    resolve_pool_vfs(facts.pools, devices);
    attribute_pool_vfs(facts.held, facts.uses, facts.pools);
    state.network_uses = std::move(facts.uses);
    state.pools = std::move(facts.pools);
    state.inventory = Inventory(std::move(devices), facts.held,
                                connection.is_test_driver() ? DriverReporting::not_reported
                                                            : DriverReporting::reported);
    return state;
}

std::string explain_non_pci_device(const Connection& connection, const std::string& text) {
    NodeDeviceHandle device(virNodeDeviceLookupByName(connection.get(), text.c_str()));
    if (!device) {
        virResetLastError();
        return {};
    }
    const char* parent = virNodeDeviceGetParent(device.get());
    std::string message = "'" + text + "' is a node device but not a PCI device";
    if (parent) message += " (its parent is " + std::string(parent) + ")";
    return message;
}

}  // namespace vpt
