#include "host/host_use_guard.hpp"

#include <ifaddrs.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <optional>

#include "core/pci_device.hpp"
#include "host/proc_tables.hpp"

namespace vpt {
namespace {

namespace fs = std::filesystem;

std::string joined(const std::vector<std::string>& words, size_t limit = 3) {
    std::string text;
    for (size_t i = 0; i < words.size() && i < limit; ++i) text += (i ? ", " : "") + words[i];
    if (words.size() > limit) text += " and " + std::to_string(words.size() - limit) + " more";
    return text;
}

bool has_component(const fs::path& path, const std::string& component) {
    return std::any_of(path.begin(), path.end(),
                       [&](const fs::path& part) { return part == component; });
}

// --- block devices

// What the host's block devices are used for, read once per query.
class BlockUse {
public:
    explicit BlockUse(const HostFs& fs) : fs_(fs) {
        if (auto text = fs.read_text("/proc/self/mounts"))
            for (const auto& mount : parse_mounts(*text))
                if (auto name = kernel_name(mount.source)) mounts_[*name].push_back(mount.target);
        if (auto text = fs.read_text("/proc/swaps"))
            for (const auto& swap : parse_swaps(*text))
                if (auto name = kernel_name(swap)) swaps_.push_back(*name);
    }

    // The block devices (disks and partitions) whose sysfs path passes
    // through the PCI device.
    std::vector<std::string> below(const PciAddress& address) const {
        std::vector<std::string> names;
        for (const auto& name : fs_.list("/sys/class/block")) {
            auto target = fs_.link_target("/sys/class/block/" + name);
            if (target && has_component(*target, address.str())) names.push_back(name);
        }
        return names;
    }

    // "is mounted on /", "is in use as swap", ... for one block device.
    std::vector<std::string> uses(const std::string& name) const {
        std::vector<std::string> found;
        if (auto it = mounts_.find(name); it != mounts_.end())
            found.push_back(name + " is mounted on " + joined(it->second));
        if (std::find(swaps_.begin(), swaps_.end(), name) != swaps_.end())
            found.push_back(name + " is in use as swap");
        for (const auto& holder : fs_.list("/sys/class/block/" + name + "/holders")) {
            std::string text = name + " is an LVM/md member: held by " + label(holder);
            if (auto use = stacked_use(holder, 0)) text += ", " + *use;
            found.push_back(text);
        }
        return found;
    }

private:
    // The kernel name of the block device a /proc path names: "/dev/sda2" ->
    // "sda2"; "/dev/mapper/vg-root" -> "dm-0" (through its symlink, or by
    // the dm name); nothing for files and pseudo filesystems.
    std::optional<std::string> kernel_name(const std::string& source) const {
        if (!source.starts_with("/dev/")) return std::nullopt;
        if (source.find("/..") != std::string::npos) return std::nullopt;
        if (auto target = fs_.link_target_name(source)) return *target;
        if (source.starts_with("/dev/mapper/")) {
            std::string dm_name = source.substr(std::strlen("/dev/mapper/"));
            for (const auto& name : fs_.list("/sys/class/block"))
                if (fs_.read_text("/sys/class/block/" + name + "/dm/name").value_or("") == dm_name)
                    return name;
        }
        return fs::path(source).filename().string();
    }

    // "dm-0 (vg0-root)", "md0".
    std::string label(const std::string& name) const {
        auto dm = fs_.read_text("/sys/class/block/" + name + "/dm/name");
        return dm && !dm->empty() ? name + " (" + *dm + ")" : name;
    }

    // Whether a stacked device (or one stacked on it) is mounted or swap.
    std::optional<std::string> stacked_use(const std::string& name, int depth) const {
        if (depth > 8) return std::nullopt;
        if (auto it = mounts_.find(name); it != mounts_.end())
            return "mounted on " + joined(it->second);
        if (std::find(swaps_.begin(), swaps_.end(), name) != swaps_.end())
            return std::string("in use as swap");
        for (const auto& holder : fs_.list("/sys/class/block/" + name + "/holders"))
            if (auto use = stacked_use(holder, depth + 1)) return "under " + label(holder) + " " + *use;
        return std::nullopt;
    }

    const HostFs& fs_;
    std::map<std::string, std::vector<std::string>> mounts_;
    std::vector<std::string> swaps_;
};

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
    }

    // "carries the default route", "has address 192.168.1.10": what makes an
    // interface one the host uses.
    std::vector<std::string> own_uses(const std::string& iface) const {
        std::vector<std::string> found;
        if (std::find(defaults_.begin(), defaults_.end(), iface) != defaults_.end())
            found.push_back("carries the default route");
        if (auto it = addresses_.find(iface); it != addresses_.end())
            found.push_back(std::string(it->second.size() == 1 ? "has address " : "has addresses ") +
                            joined(it->second));
        return found;
    }

    std::vector<std::string> uses(const fs::path& net_dir, const std::string& iface) const {
        std::vector<std::string> found;
        for (const auto& use : own_uses(iface)) found.push_back(iface + " " + use);
        std::string master = fs_.link_target_name(net_dir / iface / "master").value_or("");
        if (!master.empty()) {
            std::string text = iface + " is a port of " + kind(master) + " " + master;
            auto master_uses = own_uses(master);
            if (!master_uses.empty()) text += ", which " + joined(master_uses, 2);
            found.push_back(text);
        }
        for (const auto& entry : fs_.list(net_dir / iface)) {
            if (!entry.starts_with("upper_")) continue;
            std::string upper = entry.substr(std::strlen("upper_"));
            if (upper == master) continue;
            auto upper_uses = own_uses(upper);
            if (!upper_uses.empty())
                found.push_back(iface + " carries " + upper + ", which " + joined(upper_uses, 2));
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
};

std::vector<HostUse> uses_of(const HostFs& fs, const BlockUse& blocks, const NetUse& nets,
                             const PciAddress& address) {
    std::vector<HostUse> found;
    std::string device = describe_pci_device(fs, address);
    auto add = [&](const std::string& what) { found.push_back({address, device + ": " + what}); };

    for (const auto& block : blocks.below(address))
        for (const auto& use : blocks.uses(block)) add(use);
    // A NIC's interface sits in its net/ directory, or deeper when a bus
    // driver comes between (virtio-net: 0000:00:02.0/virtio0/net/eth0).
    fs::path net_dir = pci_device_dir(address) / "net";
    std::set<std::string> seen;
    for (const auto& iface : fs.list(net_dir)) {
        seen.insert(iface);
        for (const auto& use : nets.uses(net_dir, iface)) add(use);
    }
    for (const auto& iface : fs.list("/sys/class/net")) {
        auto target = fs.link_target("/sys/class/net/" + iface);
        if (seen.count(iface) || !target || !has_component(*target, address.str())) continue;
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
        return address.str() + " (" + class_description(uint32_t(std::stoul(*class_text, nullptr, 16))) +
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
