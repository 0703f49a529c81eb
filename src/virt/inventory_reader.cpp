#include "virt/inventory_reader.hpp"

#include <libvirt/virterror.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "core/read_window.hpp"
#include "virt/call_window.hpp"
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

std::optional<NetDevice> read_net_device(virNodeDevicePtr handle) {
    auto xml = xml_of(handle);
    if (!xml) return std::nullopt;
    auto net = parse_net_nodedev(*xml);
    if (!net) return std::nullopt;
    return std::move(net).value();
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

// A running persistent guest holds what its live XML names, plus what only
// its persistent config names.
DomainDevices config_only(const DomainDevices& live, const DomainDevices& config) {
    DomainDevices only{config.guest, {}, {}};
    for (const auto& h : config.held) {
        bool in_live = std::any_of(live.held.begin(), live.held.end(),
                                   [&](const HeldDevice& l) { return l.address == h.address; });
        if (!in_live) only.held.push_back(h);
    }
    // A running guest's interface on a VF pool shows in its live XML as
    // <interface type='hostdev'> without the network's name: the config
    // still names the network the guest uses.
    for (auto use : config.network_uses) {
        bool in_live = std::any_of(live.network_uses.begin(), live.network_uses.end(),
                                   [&](const NetworkUse& l) { return l.network == use.network; });
        if (in_live) continue;
        use.active = true;
        only.network_uses.push_back(use);
    }
    return only;
}

// One network's description; nothing when it is gone, or (with a warning)
// when libvirt's XML cannot be parsed.
std::optional<NetworkInfo> read_network(virNetworkPtr network) {
    LibvirtString xml(virNetworkGetXMLDesc(network, 0));
    if (!xml && vanished()) return std::nullopt;
    if (!xml) throw libvirt_failure(std::string("cannot read network ") + virNetworkGetName(network));
    auto info = parse_network(xml.get());
    if (!info) {
        spdlog::warn("skipping network {}: {}", virNetworkGetName(network), info.error());
        return std::nullopt;
    }
    return std::move(info).value();
}

// What the listings return: every object a read then describes, and the
// networks' states (filtered listings, not a call per network).
struct Listings {
    std::vector<NodeDeviceHandle> pci;
    std::vector<NodeDeviceHandle> nets;
    std::vector<DomainHandle> shut_off;           // config XML
    std::vector<DomainHandle> running_transient;  // live XML
    std::vector<DomainHandle> running_persistent; // live and config XML
    std::vector<NetworkHandle> networks;
    std::set<std::string> active_networks;
    std::set<std::string> autostart_networks;
};

// The listings at once, and meanwhile (away from the in-process driver) the
// connection's round trip, which sizes the window of the reads that follow.
// The listings do not depend on each other: over a slow link they then cost
// one round trip, not eight.
Listings list_everything(const Connection& connection, Transport transport,
                         std::chrono::microseconds& round_trip) {
    Listings l;
    std::vector<std::function<void()>> calls = {
        [&] { l.pci = list_node_devices(connection, VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV, "PCI node devices"); },
        [&] { l.nets = list_node_devices(connection, VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET, "network node devices"); },
        [&] { l.shut_off = list_domains(connection, VIR_CONNECT_LIST_DOMAINS_INACTIVE); },
        [&] { l.running_transient = list_domains(connection, VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_TRANSIENT); },
        [&] { l.running_persistent = list_domains(connection, VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_PERSISTENT); },
        [&] { l.networks = list_networks(connection, 0); },
        [&] { l.active_networks = network_names(connection, VIR_CONNECT_LIST_NETWORKS_ACTIVE); },
        [&] { l.autostart_networks = network_names(connection, VIR_CONNECT_LIST_NETWORKS_AUTOSTART); },
    };
    round_trip = std::chrono::microseconds(0);
    if (transport != Transport::in_process)
        calls.insert(calls.begin(), [&] { round_trip = connection.round_trip(); });
    // Away from the in-process driver, all of them in flight: a handful of
    // calls, whatever the round trip.
    run_in_window(calls, transport == Transport::in_process
                             ? read_window(transport, std::chrono::microseconds(0), calls.size())
                             : calls.size());
    return l;
}

// Every object's XML, fetched and parsed with a window of calls in flight,
// each result in its listing's order.
struct Descriptions {
    std::vector<std::optional<PciDevice>> pci;
    std::vector<std::optional<NetDevice>> nets;
    std::vector<std::optional<DomainDevices>> shut_off;
    std::vector<std::optional<DomainDevices>> running_transient;
    std::vector<std::optional<DomainDevices>> persistent_live;
    std::vector<std::optional<DomainDevices>> persistent_config;
    std::vector<std::optional<NetworkInfo>> networks;
};

Descriptions describe_everything(const Listings& l, Transport transport, std::chrono::microseconds round_trip) {
    Descriptions d;
    d.pci.resize(l.pci.size());
    d.nets.resize(l.nets.size());
    d.shut_off.resize(l.shut_off.size());
    d.running_transient.resize(l.running_transient.size());
    d.persistent_live.resize(l.running_persistent.size());
    d.persistent_config.resize(l.running_persistent.size());
    d.networks.resize(l.networks.size());
    // One queue for every kind: the window stays full until the last call.
    // Guests and networks first: each is one call of a few, and the longest
    // replies (guests' XML) are better started early than last.
    std::vector<std::function<void()>> calls;
    calls.reserve(l.pci.size() + l.nets.size() + l.shut_off.size() + l.running_transient.size() +
                  2 * l.running_persistent.size() + l.networks.size());
    for (size_t i = 0; i < l.shut_off.size(); ++i)
        calls.emplace_back([&, i] { d.shut_off[i] = read_guest(l.shut_off[i].get(), 0, false); });
    for (size_t i = 0; i < l.running_transient.size(); ++i)
        calls.emplace_back([&, i] { d.running_transient[i] = read_guest(l.running_transient[i].get(), 0, true); });
    for (size_t i = 0; i < l.running_persistent.size(); ++i) {
        calls.emplace_back([&, i] { d.persistent_live[i] = read_guest(l.running_persistent[i].get(), 0, true); });
        calls.emplace_back([&, i] {
            d.persistent_config[i] = read_guest(l.running_persistent[i].get(), VIR_DOMAIN_XML_INACTIVE, false);
        });
    }
    for (size_t i = 0; i < l.networks.size(); ++i)
        calls.emplace_back([&, i] { d.networks[i] = read_network(l.networks[i].get()); });
    for (size_t i = 0; i < l.pci.size(); ++i)
        calls.emplace_back([&, i] { d.pci[i] = read_pci_device(l.pci[i].get()); });
    for (size_t i = 0; i < l.nets.size(); ++i)
        calls.emplace_back([&, i] { d.nets[i] = read_net_device(l.nets[i].get()); });
    size_t window = read_window(transport, round_trip, calls.size());
    spdlog::debug("reading {} descriptions with {} calls in flight (round trip {} us)", calls.size(), window,
                  round_trip.count());
    run_in_window(calls, window);
    return d;
}

// What every guest holds: a running guest's live XML (active), plus whatever
// only its persistent config names (inactive); a shut-off guest's config.
void add_guests(Descriptions& d, std::vector<HeldDevice>& held, std::vector<NetworkUse>& uses) {
    for (const auto& config : d.shut_off)
        if (config) add_domain(*config, held, uses);
    for (const auto& live : d.running_transient)
        if (live) add_domain(*live, held, uses);
    for (size_t i = 0; i < d.persistent_live.size(); ++i) {
        const auto& live = d.persistent_live[i];
        if (!live) continue;  // gone: its config no longer matters either
        add_domain(*live, held, uses);
        if (const auto& config = d.persistent_config[i]) add_domain(config_only(*live, *config), held, uses);
    }
}

// Every hostdev pool network; the VFs it hands out are its explicit (or,
// once running, expanded) address list, else given later by its PF.
std::vector<PoolNetwork> pools_of(Descriptions& d, const Listings& l) {
    std::vector<PoolNetwork> pools;
    for (auto& info : d.networks) {
        if (!info || !info->is_hostdev_pool()) continue;
        pools.push_back({*info, l.active_networks.count(info->name) > 0,
                         l.autostart_networks.count(info->name) > 0, info->addresses});
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
    Transport transport = connection.transport();
    std::chrono::microseconds round_trip{0};
    Listings listed = list_everything(connection, transport, round_trip);
    Descriptions described = describe_everything(listed, transport, round_trip);

    std::vector<PciDevice> devices;
    devices.reserve(described.pci.size());
    for (auto& device : described.pci)
        if (device) devices.push_back(std::move(*device));
    HostState state;
    for (auto& net : described.nets)
        if (net) state.net_devices.push_back(std::move(*net));
    std::vector<HeldDevice> held;
    std::vector<NetworkUse> uses;
    add_guests(described, held, uses);
    // libvirt lists guests in hash order; a device two guests hold names them by name.
    std::stable_sort(held.begin(), held.end(),
                     [](const HeldDevice& a, const HeldDevice& b) { return a.holder.guest < b.holder.guest; });
    auto pools = pools_of(described, listed);
    attach_netdevs(state.net_children(), devices);
    resolve_pool_vfs(pools, devices);
    attribute_pool_vfs(held, uses, pools);
    state.network_uses = std::move(uses);
    state.pools = std::move(pools);
    state.inventory = Inventory(std::move(devices), held,
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
