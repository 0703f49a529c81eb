#include "host/sriov.hpp"

#include "host/config_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <system_error>

#include "virt/timed_call.hpp"

namespace vpt {
namespace {

namespace fs = std::filesystem;

std::optional<int> to_int(std::string_view text) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

// The PCI address must print and parse back to itself before it becomes
// part of a path: a field out of range never reaches the file system.
Result<std::string> checked_address(const PciAddress& address) {
    std::string text = address.str();
    auto parsed = PciAddress::parse(text);
    if (!parsed || *parsed != address) return Failure{"invalid PCI address " + text};
    return text;
}

// What the kernel's answer to a sriov_numvfs write means.
std::string write_hint(int error) {
    switch (error) {
        case EBUSY: return "VFs are enabled; the kernel changes a non-zero count only through 0";
        case ENOENT:
            return "no driver is bound to the physical function, or its driver cannot change the VF "
                   "count through sysfs";
        case EOPNOTSUPP:
        case ENOSYS: return "the physical function's driver cannot change its VF count through sysfs";
        case ENOMEM:
        case ENOSPC:
        case ERANGE:
            return "not enough PCI resources for that many VFs (bus numbers or MMIO space; "
                   "the kernel option pci=realloc may help)";
        case EINVAL: return "the kernel or the driver rejected the count";
        case EACCES:
        case EPERM: return "permission denied: run vpt as root";
        default: return "";
    }
}

}  // namespace

fs::path sriov_numvfs_path(const PciAddress& pf) { return pci_device_dir(pf) / "sriov_numvfs"; }

std::optional<std::string> sysfs_driver(const HostFs& fs, const PciAddress& address) {
    auto driver = fs.link_target_name(pci_device_dir(address) / "driver");
    if (!driver) return std::nullopt;
    return *driver;
}

Result<SriovState> read_sriov_state(const HostFs& fs, const PciAddress& pf) {
    auto name = checked_address(pf);
    if (!name) return Failure{name.error()};
    auto dir = pci_device_dir(pf);
    if (!fs.exists(dir)) return Failure{"no sysfs entry " + dir.string()};
    if (fs.exists(dir / "physfn")) return Failure{*name + " is a virtual function, not a physical function"};
    auto total_text = fs.read_text(dir / "sriov_totalvfs");
    if (!total_text) return Failure{*name + " is not an SR-IOV physical function (no sriov_totalvfs)"};
    auto current_text = fs.read_text(dir / "sriov_numvfs");
    if (!current_text) return Failure{current_text.error()};
    auto total = to_int(*total_text);
    auto current = to_int(*current_text);
    if (!total || *total < 0) return Failure{"unexpected sriov_totalvfs of " + *name + ": '" + *total_text + "'"};
    if (!current || *current < 0)
        return Failure{"unexpected sriov_numvfs of " + *name + ": '" + *current_text + "'"};

    SriovState state;
    state.total_vfs = *total;
    state.current_vfs = *current;
    if (auto autoprobe = fs.read_text(dir / "sriov_drivers_autoprobe")) {
        if (*autoprobe == "1") state.drivers_autoprobe = true;
        if (*autoprobe == "0") state.drivers_autoprobe = false;
    }
    state.driver = sysfs_driver(fs, pf);
    // virtfnN links, in N order (a plain sort would put virtfn10 before virtfn2).
    for (int index = 0;; ++index) {
        auto link = dir / ("virtfn" + std::to_string(index));
        if (!fs.exists(link)) break;
        auto target = fs.link_target_name(link);
        if (!target) return Failure{target.error()};
        auto vf = PciAddress::parse(*target);
        if (!vf) return Failure{"unexpected link " + link.string() + " -> " + *target};
        state.vfs.push_back(*vf);
    }
    return state;
}

namespace {

Result<fs::path> write_numvfs_now(const HostFs& fs, const PciAddress& pf, int count) {
    auto name = checked_address(pf);
    if (!name) return Failure{name.error()};
    if (count < 0 || count > 0xffff) return Failure{"invalid VF count " + std::to_string(count)};
    fs::path path = sriov_numvfs_path(pf);
    auto real = fs.real_path(path);
    if (!real) return Failure{real.error()};

    std::string value = std::to_string(count);
    std::string failed = "cannot write " + value + " to " + path.string() + ": ";
    {
        // No O_CREAT: the attribute exists on every SR-IOV physical function.
        ScopedFd file{::open(real->c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC)};
        if (file.fd < 0) return Failure{failed + std::strerror(errno)};
        if (int error = write_all(file.fd, value + "\n")) {
            std::string hint = write_hint(error);
            return Failure{failed + std::strerror(error) + (hint.empty() ? "" : " (" + hint + ")")};
        }
    }
    auto now = fs.read_text(path);
    if (!now) return Failure{"wrote " + value + " to " + path.string() + " but cannot read it back: " + now.error()};
    if (*now != value)
        return Failure{"wrote " + value + " to " + path.string() + " but it reads " + *now};
    return path;
}

}  // namespace

Result<fs::path> write_sriov_numvfs(const HostFs& fs, const PciAddress& pf, int count) {
    return timed("write " + std::to_string(count) + " to " + sriov_numvfs_path(pf).string(),
                 [&] { return write_numvfs_now(fs, pf, count); });
}

fs::path persist_rule_path(const PciAddress& pf) {
    return fs::path("/etc/udev/rules.d") / ("70-vpt-sriov-" + pf.str() + ".rules");
}

std::string persist_rule_text(const PciAddress& pf, int count) {
    std::string address = pf.str();
    std::string n = std::to_string(count);
    return "# Written by vpt: give the SR-IOV physical function " + address + " " + n +
           " virtual functions at boot.\n"
           "# \"add\" is replayed at boot; \"bind\" covers a PF driver that loads later.\n"
           "# Remove with: vpt vfs " + address + " 0 --persist\n"
           "ACTION==\"add|bind\", SUBSYSTEM==\"pci\", KERNEL==\"" + address +
           "\", ATTR{sriov_numvfs}=\"" + n + "\"\n";
}

std::optional<int> read_persisted_count(const HostFs& fs, const PciAddress& pf) {
    auto text = fs.read_text(persist_rule_path(pf));
    if (!text) return std::nullopt;
    const std::string key = "ATTR{sriov_numvfs}=\"";
    auto at = text->find(key);
    if (at == std::string::npos) return std::nullopt;
    auto start = at + key.size();
    auto end = text->find('"', start);
    if (end == std::string::npos) return std::nullopt;
    return to_int(std::string_view(*text).substr(start, end - start));
}

Result<fs::path> write_persist_rule(const HostFs& fs, const PciAddress& pf, int count) {
    auto name = checked_address(pf);
    if (!name) return Failure{name.error()};
    return write_config_file(fs, persist_rule_path(pf), persist_rule_text(pf, count));
}

Result<bool> remove_persist_rule(const HostFs& fs, const PciAddress& pf) {
    auto name = checked_address(pf);
    if (!name) return Failure{name.error()};
    return remove_config_file(fs, persist_rule_path(pf));
}

}  // namespace vpt
