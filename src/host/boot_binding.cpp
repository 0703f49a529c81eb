#include "host/boot_binding.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <sstream>

#include "host/config_file.hpp"

namespace vpt {
namespace {

namespace fs = std::filesystem;

const fs::path driverctl_dir = "/etc/driverctl.d";
const std::string early_bind_prefix = "vpt-vfio-";

// Drivers that exist to hold a device for a guest, never to use it.
bool is_holding_driver(const std::string& module) {
    return module == "vfio_pci" || module == "pci_stub" ||
           (module.size() > 9 && module.compare(module.size() - 9, 9, "_vfio_pci") == 0);
}

// The shell an `install` line runs (by /bin/sh -c, also in the initramfs,
// where only busybox is): the read builtin, no external commands but
// modprobe. vfio-pci may be loaded already (by an earlier module's line, or
// at boot): a device the override leaves without a driver is then probed
// again, which only vfio-pci can now take.
std::string install_line(const std::string& module) {
    return "install " + module +
           " /sbin/modprobe vfio-pci; for f in /etc/driverctl.d/pci-*; do"
           " read -r d < \"$f\" && [ \"$d\" = vfio-pci ] || continue; a=${f##*/pci-};"
           " echo vfio-pci > \"/sys/bus/pci/devices/$a/driver_override\";"
           " [ -e \"/sys/bus/pci/devices/$a/driver\" ] || echo \"$a\" > /sys/bus/pci/drivers_probe;"
           " done 2>/dev/null; /sbin/modprobe --ignore-install " + module + " $CMDLINE_OPTS\n";
}

}  // namespace

fs::path driverctl_path(const PciAddress& address) { return driverctl_dir / ("pci-" + address.str()); }

fs::path early_bind_path(const PciAddress& address) {
    return fs::path("/etc/modprobe.d") / (early_bind_prefix + address.str() + ".conf");
}

std::string driverctl_text() { return "vfio-pci\n"; }

std::string early_bind_text(const PciAddress& address, const std::string& label,
                            const std::vector<std::string>& modules) {
    std::string text = "# Written by vpt: " + label + " is bound to vfio-pci from boot on.\n"
                       "# Before a host driver that could claim it loads, every device that\n"
                       "# /etc/driverctl.d binds to vfio-pci gets vfio-pci as its driver_override.\n"
                       "# Remove with: vpt reattach " + address.str() + " --persist\n";
    for (const auto& module : modules) text += install_line(module);
    return text;
}

bool is_boot_binding_path(const fs::path& path) {
    const std::string parent = path.parent_path().string();
    const std::string name = path.filename().string();
    auto starts = [&](const std::string& prefix) { return name.rfind(prefix, 0) == 0; };
    if (parent == driverctl_dir) return starts("pci-") && bool(PciAddress::parse(name.substr(4)));
    if (parent == "/etc/modprobe.d") return starts(early_bind_prefix);
    if (parent == "/etc/initramfs-tools/hooks" || parent == "/etc/dracut.conf.d") return name.find("vpt-vfio") != std::string::npos;
    return false;
}

unsigned boot_file_mode(const fs::path& path) {
    return path.parent_path() == "/etc/initramfs-tools/hooks" ? 0755 : 0644;
}

std::vector<PciAddress> persisted_vfio_bindings(const HostFs& fs) {
    std::vector<PciAddress> bound;
    for (const auto& name : fs.list(driverctl_dir)) {
        if (name.rfind("pci-", 0) != 0) continue;
        auto address = PciAddress::parse(name.substr(4));
        if (!address) continue;
        auto driver = fs.read_text(driverctl_dir / name);
        if (driver && *driver == "vfio-pci") bound.push_back(*address);
    }
    std::sort(bound.begin(), bound.end());
    return bound;
}

bool has_persisted_binding(const HostFs& fs, const PciAddress& address) {
    auto driver = fs.read_text(driverctl_path(address));
    return driver && *driver == "vfio-pci";
}

std::string module_name(std::string name) {
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

bool modalias_matches(const std::string& pattern, const std::string& modalias) {
    return ::fnmatch(pattern.c_str(), modalias.c_str(), 0) == 0;
}

std::vector<std::string> host_driver_modules(const HostFs& fs, const PciAddress& address) {
    auto modalias = fs.read_text(pci_device_dir(address) / "modalias");
    auto release = fs.read_text("/proc/sys/kernel/osrelease");
    if (!modalias || !release) return {};
    auto aliases = fs.read_text(fs::path("/lib/modules") / *release / "modules.alias");
    if (!aliases) return {};
    std::vector<std::string> modules;
    std::istringstream lines(*aliases);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string keyword, pattern, module;
        if (!(words >> keyword >> pattern >> module) || keyword != "alias" || pattern.rfind("pci:", 0) != 0)
            continue;
        module = module_name(module);
        if (is_holding_driver(module) || !modalias_matches(pattern, *modalias)) continue;
        if (std::find(modules.begin(), modules.end(), module) == modules.end()) modules.push_back(module);
    }
    std::sort(modules.begin(), modules.end());
    return modules;
}

}  // namespace vpt
