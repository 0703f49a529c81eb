#include "host/block_use.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/text_list.hpp"
#include "host/proc_tables.hpp"

namespace vpt {

namespace fs = std::filesystem;

BlockUse::BlockUse(const HostFs& fs) : fs_(fs) {
    read_mounts();
    read_btrfs_members();
    if (auto text = fs.read_text("/proc/swaps"))
        for (const auto& swap : parse_swaps(*text))
            if (auto name = kernel_name(swap)) swaps_.push_back(*name);
    for (const auto& name : fs.list("/sys/class/block"))
        if (auto target = fs.link_target("/sys/class/block/" + name)) block_links_.emplace_back(name, *target);
}

std::vector<std::string> BlockUse::below(const PciAddress& address) const {
    std::vector<std::string> names;
    for (const auto& [name, target] : block_links_)
        if (passes_through(target, address.str()) || on_nvme_subsystem_of(target, address)) names.push_back(name);
    return names;
}

// With native NVMe multipath the namespace the host mounts (nvme0n1) lives
// under /sys/devices/virtual/nvme-subsystem/nvme-subsys0/, not below its
// controller (which holds only the hidden path nvme0c0n1); the subsystem
// links to its controllers: nvme0 -> .../0000:01:00.0/nvme/nvme0.
bool BlockUse::on_nvme_subsystem_of(const fs::path& target, const PciAddress& address) const {
    auto is_subsystem = [](const fs::path& dir) {  // nvme-subsys0, below the class dir nvme-subsystem
        std::string name = dir.filename().string();
        return name.starts_with("nvme-subsys") && name != "nvme-subsystem";
    };
    fs::path subsystem = target;
    while (subsystem.has_relative_path() && !is_subsystem(subsystem)) subsystem = subsystem.parent_path();
    if (!subsystem.has_relative_path()) return false;
    for (const auto& entry : fs_.list(subsystem)) {
        auto controller = fs_.link_target(subsystem / entry);
        if (entry.starts_with("nvme") && controller && passes_through(*controller, address.str())) return true;
    }
    return false;
}

std::vector<std::string> BlockUse::uses(const std::string& name) const {
    std::vector<std::string> found;
    if (auto it = mounts_.find(name); it != mounts_.end())
        found.push_back(name + " is mounted on " + join_limited(it->second, 3));
    else if (auto member = btrfs_members_.find(name); member != btrfs_members_.end())
        found.push_back(name + " is a member of the btrfs filesystem mounted on " + join_limited(member->second, 3));
    if (std::find(swaps_.begin(), swaps_.end(), name) != swaps_.end()) found.push_back(name + " is in use as swap");
    for (const auto& holder : fs_.list("/sys/class/block/" + name + "/holders")) {
        std::string text = name + " is an LVM/md member: held by " + label(holder);
        if (auto use = stacked_use(holder, 0)) text += ", " + *use;
        found.push_back(text);
    }
    return found;
}

std::optional<std::string> BlockUse::exclusive_use(const std::vector<std::string>& names) const {
    if (!fs_.is_live()) return std::nullopt;
    for (const auto& name : names)
        if (busy(name))
            return name + " is open for exclusive use (a ZFS pool, a multi-device filesystem or a program holds it)";
    return std::nullopt;
}

// By device number where mountinfo gives one that sysfs knows, else by the
// source path; btrfs, for one, mounts under an anonymous device number.
void BlockUse::read_mounts() {
    if (auto text = fs_.read_text("/proc/self/mountinfo")) {
        for (const auto& entry : parse_mountinfo(*text)) {
            auto numbered = fs_.link_target_name("/sys/dev/block/" + entry.device_number);
            auto name = numbered ? std::optional(*numbered) : kernel_name(entry.mount.source);
            if (name) add_mount(*name, entry.mount.target);
        }
        return;
    }
    if (auto text = fs_.read_text("/proc/self/mounts"))
        for (const auto& mount : parse_mounts(*text))
            if (auto name = kernel_name(mount.source)) add_mount(*name, mount.target);
}

// A btrfs filesystem over several devices is mounted by naming one of them:
// the others are just as much in use.
void BlockUse::read_btrfs_members() {
    for (const auto& fsid : fs_.list("/sys/fs/btrfs")) {
        auto members = fs_.list("/sys/fs/btrfs/" + fsid + "/devices");
        std::vector<std::string> targets;
        for (const auto& member : members)
            if (auto it = mounts_.find(member); it != mounts_.end())
                targets.insert(targets.end(), it->second.begin(), it->second.end());
        if (targets.empty()) continue;
        for (const auto& member : members) btrfs_members_[member] = targets;
    }
}

void BlockUse::add_mount(const std::string& name, const std::string& target) {
    auto& targets = mounts_[name];
    if (std::find(targets.begin(), targets.end(), target) == targets.end()) targets.push_back(target);
}

// The kernel name of the block device a /proc path names: "/dev/sda2" ->
// "sda2"; "/dev/mapper/vg-root" -> "dm-0" (through its symlink, or by the dm
// name); nothing for files and pseudo filesystems.
std::optional<std::string> BlockUse::kernel_name(const std::string& source) const {
    if (!source.starts_with("/dev/")) return std::nullopt;
    if (source.find("/..") != std::string::npos) return std::nullopt;
    if (auto target = fs_.link_target_name(source)) return *target;
    if (source.starts_with("/dev/mapper/")) {
        std::string dm_name = source.substr(std::strlen("/dev/mapper/"));
        for (const auto& name : fs_.list("/sys/class/block"))
            if (fs_.read_text("/sys/class/block/" + name + "/dm/name").value_or("") == dm_name) return name;
    }
    return fs::path(source).filename().string();
}

// "dm-0 (vg0-root)", "md0".
std::string BlockUse::label(const std::string& name) const {
    auto dm = fs_.read_text("/sys/class/block/" + name + "/dm/name");
    return dm && !dm->empty() ? name + " (" + *dm + ")" : name;
}

// Whether a stacked device (or one stacked on it) is mounted or swap.
std::optional<std::string> BlockUse::stacked_use(const std::string& name, int depth) const {
    if (depth > 8) return std::nullopt;
    if (auto it = mounts_.find(name); it != mounts_.end()) return "mounted on " + join_limited(it->second, 3);
    if (std::find(swaps_.begin(), swaps_.end(), name) != swaps_.end()) return std::string("in use as swap");
    for (const auto& holder : fs_.list("/sys/class/block/" + name + "/holders"))
        if (auto use = stacked_use(holder, depth + 1)) return "under " + label(holder) + " " + *use;
    return std::nullopt;
}

// The kernel refuses an exclusive open of a block device that a filesystem,
// a stacked device or a program has claimed. Only /dev/NAME is tried, and
// only when it is the block device sysfs numbers so: never another file.
bool BlockUse::busy(const std::string& name) const {
    auto number = fs_.read_text("/sys/class/block/" + name + "/dev");
    unsigned major_number, minor_number;
    if (!number || std::sscanf(number->c_str(), "%u:%u", &major_number, &minor_number) != 2) return false;
    std::string node = "/dev/" + name;
    struct stat st {};
    if (::stat(node.c_str(), &st) != 0 || !S_ISBLK(st.st_mode) ||
        st.st_rdev != makedev(major_number, minor_number))
        return false;
    ScopedFd fd(::open(node.c_str(), O_RDONLY | O_EXCL | O_CLOEXEC | O_NONBLOCK));
    return fd.fd < 0 && errno == EBUSY;
}

}  // namespace vpt
