#include "host/host_use_guard.hpp"

#include <ifaddrs.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "core/pci_device.hpp"
#include "host/pci_class_name.hpp"
#include "core/text_list.hpp"
#include "host/block_use.hpp"
#include "host/proc_tables.hpp"

namespace vpt {
namespace {

namespace fs = std::filesystem;

// --- network interfaces

// Addresses and routes of the host's interfaces, read once per query.
class NetUse {
public:
    explicit NetUse(const HostFs& fs) : fs_(fs) {
        if (auto text = fs.read_text("/proc/net/route")) routes_ = parse_ipv4_routes(*text);
        if (auto text = fs.read_text("/proc/net/fib_trie"))
            for (const auto& address : parse_fib_trie_local(*text)) {
                if (address[0] == 127) continue;
                std::string iface = iface_of(address, routes_);
                if (!iface.empty()) add(iface, ipv4_text(address));
            }
        if (fs.is_live()) add_live_ipv4();
        if (auto text = fs.read_text("/proc/net/if_inet6"))
            for (const auto& address : parse_if_inet6(*text))
                if (address.is_global()) add(address.iface, address.address);
        for (const auto& route : routes_)
            if (route.is_default()) add_default(route.iface);
        if (auto text = fs.read_text("/proc/net/ipv6_route"))
            for (const auto& iface : parse_ipv6_default_ifaces(*text)) add_default(iface);
        for (const auto& iface : fs.list("/sys/class/net"))
            if (auto target = fs.link_target("/sys/class/net/" + iface)) class_links_.emplace_back(iface, *target);
    }

    // The interfaces in /sys/class/net whose resolved path passes through
    // the PCI device, sorted by name.
    std::vector<std::string> below(const PciAddress& address) const {
        std::vector<std::string> ifaces;
        for (const auto& [iface, target] : class_links_)
            if (passes_through(target, address.str())) ifaces.push_back(iface);
        return ifaces;
    }

    // "carries the default route", "has address 192.168.1.10": what makes an
    // interface one the host uses.
    std::vector<std::string> own_uses(const std::string& iface) const {
        std::vector<std::string> found;
        if (std::find(defaults_.begin(), defaults_.end(), iface) != defaults_.end())
            found.push_back("carries the default route");
        if (auto it = addresses_.find(iface); it != addresses_.end())
            found.push_back(std::string(it->second.size() == 1 ? "has address " : "has addresses ") +
                            join_limited(it->second, 3));
        return found;
    }

    std::vector<std::string> uses(const fs::path& net_dir, const std::string& iface) const {
        std::vector<std::string> found;
        for (const auto& use : own_uses(iface)) found.push_back(iface + " " + use);
        std::string master = fs_.link_target_name(net_dir / iface / "master").value_or("");
        if (!master.empty()) {
            std::string text = iface + " is a port of " + kind(master) + " " + master;
            auto master_uses = own_uses(master);
            if (!master_uses.empty()) text += ", which " + join_limited(master_uses, 2);
            found.push_back(text);
        }
        for (const auto& entry : fs_.list(net_dir / iface)) {
            if (!entry.starts_with("upper_")) continue;
            std::string upper = entry.substr(std::strlen("upper_"));
            if (upper == master) continue;
            auto upper_uses = own_uses(upper);
            if (!upper_uses.empty())
                found.push_back(iface + " carries " + upper + ", which " + join_limited(upper_uses, 2));
        }
        return found;
    }

private:
    void add(const std::string& iface, const std::string& address) {
        auto& list = addresses_[iface];
        if (std::find(list.begin(), list.end(), address) == list.end()) list.push_back(address);
    }
    void add_default(const std::string& iface) {
        if (std::find(defaults_.begin(), defaults_.end(), iface) == defaults_.end())
            defaults_.push_back(iface);
    }

    // On the live host the kernel can say exactly which interface has which
    // IPv4 address (fib_trie only allows a guess through the routes).
    void add_live_ipv4() {
        ifaddrs* list = nullptr;
        if (getifaddrs(&list) != 0) return;
        for (ifaddrs* it = list; it; it = it->ifa_next) {
            if (!it->ifa_addr || it->ifa_addr->sa_family != AF_INET || !it->ifa_name) continue;
            Ipv4 address{};
            std::memcpy(address.data(), &reinterpret_cast<sockaddr_in*>(it->ifa_addr)->sin_addr, 4);
            if (address[0] != 127) add(it->ifa_name, ipv4_text(address));
        }
        freeifaddrs(list);
    }

    std::string kind(const std::string& master) const {
        std::string dir = "/sys/class/net/" + master;
        if (fs_.exists(dir + "/bridge")) return "bridge";
        if (fs_.exists(dir + "/bonding")) return "bond";
        if (fs_.exists(dir + "/team")) return "team";
        return "master device";
    }

    const HostFs& fs_;
    std::vector<Ipv4Route> routes_;
    std::map<std::string, std::vector<std::string>> addresses_;
    std::vector<std::string> defaults_;
    // /sys/class/net/*, sorted by name, with the resolved link targets.
    std::vector<std::pair<std::string, fs::path>> class_links_;
};

std::vector<HostUse> uses_of(const HostFs& fs, const BlockUse& blocks, const NetUse& nets,
                             const PciAddress& address) {
    std::vector<HostUse> found;
    std::string device = describe_pci_device(fs, address);
    auto add = [&](const std::string& what) { found.push_back({address, device + ": " + what}); };

    auto block_devices = blocks.below(address);
    for (const auto& block : block_devices)
        for (const auto& use : blocks.uses(block)) add(use);
    if (found.empty())
        if (auto use = blocks.exclusive_use(block_devices)) add(*use);
    // A NIC's interface sits in its net/ directory, or deeper when a bus
    // driver comes between (virtio-net: 0000:00:02.0/virtio0/net/eth0).
    fs::path net_dir = pci_device_dir(address) / "net";
    std::set<std::string> seen;
    for (const auto& iface : fs.list(net_dir)) {
        seen.insert(iface);
        for (const auto& use : nets.uses(net_dir, iface)) add(use);
    }
    for (const auto& iface : nets.below(address)) {
        if (seen.count(iface)) continue;
        for (const auto& use : nets.uses("/sys/class/net", iface)) add(use);
    }
    if (fs.read_text(pci_device_dir(address) / "boot_vga").value_or("") == "1")
        add("the boot display (boot_vga): the host console runs on it");
    return found;
}

}  // namespace

std::string describe_pci_device(const HostFs& fs, const PciAddress& address) {
    auto class_text = fs.read_text(pci_device_dir(address) / "class");
    if (!class_text) return address.str();
    try {
        return address.str() + " (" + pci_class_name(uint32_t(std::stoul(*class_text, nullptr, 16))) +
               ")";
    } catch (const std::exception&) {
        return address.str();
    }
}

std::vector<HostUse> find_host_uses(const HostFs& fs, const PciAddress& address) {
    return find_host_uses(fs, std::vector<PciAddress>{address});
}

std::vector<HostUse> find_host_uses(const HostFs& fs, const std::vector<PciAddress>& addresses) {
    BlockUse blocks(fs);
    NetUse nets(fs);
    std::vector<HostUse> found;
    for (const auto& address : addresses) {
        auto more = uses_of(fs, blocks, nets, address);
        found.insert(found.end(), more.begin(), more.end());
    }
    return found;
}

}  // namespace vpt
