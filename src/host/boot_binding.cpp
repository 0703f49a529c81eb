#include "host/boot_binding.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <sstream>

#include "core/device_identity.hpp"
#include "core/text_escape.hpp"
#include "core/text_fields.hpp"
#include "host/config_file.hpp"

namespace vpt {
namespace {

namespace fs = std::filesystem;

const fs::path record_dir = "/etc/vpt/boot-bindings";
const fs::path driverctl_dir = "/etc/driverctl.d";
const fs::path rules_dir = "/etc/udev/rules.d";
const std::string early_bind_prefix = "vpt-vfio-";
const std::string builtin_rule_prefix = "90-vpt-vfio-";

// Drivers that exist to hold a device for a guest, never to use it.
bool is_holding_driver(const std::string& module) {
    return module == "vfio_pci" || module == "pci_stub" ||
           (module.size() > 9 && module.compare(module.size() - 9, 9, "_vfio_pci") == 0);
}

// A label from libvirt goes into comment lines: nothing in it may start a
// line of its own (a udev rule or an install command).
std::string comment_text(const std::string& label) { return one_line(label, 200); }

// The ids as the record's first line spells them: "0x8086 0x10d3 0x020000".
std::string record_ids(const BootIds& ids) {
    std::string text = hex_id(ids.vendor, 4) + " " + hex_id(ids.device, 4);
    if (ids.class_code) text += " " + hex_id(*ids.class_code, 6);
    return text;
}

// "0x8086" (a sysfs id or a record's) as a number of at most `digits` hex digits.
std::optional<uint32_t> parse_id(const std::string& text, size_t digits) {
    if (text.size() < 3 || text.compare(0, 2, "0x") != 0) return std::nullopt;
    uint64_t value = 0;
    if (!parse_hex_field(std::string_view(text).substr(2), 1, digits, value)) return std::nullopt;
    return uint32_t(value);
}

// The shell an `install` line runs (by /bin/sh -c, also in the initramfs,
// where only busybox's or klibc's sh is): builtins, no external command but
// modprobe. vfio-pci may be loaded already (by an earlier module's line, or
// at boot): a device the override leaves without a driver is then probed
// again, which only vfio-pci can now take. A record whose device is not at
// its address any more is left alone, and said once a boot (the /run
// marker) in the kernel log, where journald files it under "vpt".
std::string install_line(const std::string& module) {
    return "install " + module +
           " /sbin/modprobe vfio-pci; for f in /etc/vpt/boot-bindings/pci-*; do"
           " read -r d v p c < \"$f\" && [ \"$d\" = vfio-pci ] || continue; a=${f##*/pci-};"
           " s=/sys/bus/pci/devices/$a; [ -e \"$s\" ] || continue; V= P= C=;"
           " read -r V < \"$s/vendor\"; read -r P < \"$s/device\"; read -r C < \"$s/class\";"
           " if [ \"$V:$P\" = \"$v:$p\" ] && { [ -z \"$c\" ] || [ \"$C\" = \"$c\" ]; }; then"
           " echo vfio-pci > \"$s/driver_override\";"
           " [ -e \"$s/driver\" ] || echo \"$a\" > /sys/bus/pci/drivers_probe;"
           " elif [ ! -e \"/run/vpt-vfio-left-$a\" ]; then : > \"/run/vpt-vfio-left-$a\";"
           " echo \"vpt: left $a to its host driver: it is $V:$P class $C,"
           " the boot binding is for $v:$p${c:+ class $c} - see vpt check\" > /dev/kmsg;"
           " fi; done 2>/dev/null; /sbin/modprobe --ignore-install " + module + " $CMDLINE_OPTS\n";
}

std::optional<PciAddress> address_after(const std::string& name, const std::string& prefix,
                                        const std::string& suffix = "") {
    if (name.size() < prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        return std::nullopt;
    std::string middle = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    auto address = PciAddress::parse(middle);
    // Only the canonical spelling: the file vpt itself would name.
    if (!address || address->str() != middle) return std::nullopt;
    return *address;
}

}  // namespace

std::string describe_ids(const BootIds& ids) {
    std::string text = hex_digits(ids.vendor, 4) + ":" + hex_digits(ids.device, 4);
    if (ids.class_code) text += " class " + hex_id(*ids.class_code, 6);
    return text;
}

bool ids_match(const BootIds& recorded, const BootIds& found) {
    return recorded.vendor == found.vendor && recorded.device == found.device &&
           (!recorded.class_code || recorded.class_code == found.class_code);
}

std::optional<BootIds> read_device_ids(const HostFs& fs, const PciAddress& address) {
    auto read = [&](const char* name, size_t digits) -> std::optional<uint32_t> {
        auto text = fs.read_text(pci_device_dir(address) / name);
        return text ? parse_id(*text, digits) : std::nullopt;
    };
    auto vendor = read("vendor", 4), device = read("device", 4);
    if (!vendor || !device) return std::nullopt;
    return BootIds{*vendor, *device, read("class", 6)};
}

fs::path binding_record_path(const PciAddress& address) { return record_dir / ("pci-" + address.str()); }

fs::path early_bind_path(const PciAddress& address) {
    return fs::path("/etc/modprobe.d") / (early_bind_prefix + address.str() + ".conf");
}

fs::path builtin_rule_path(const PciAddress& address) {
    return rules_dir / (builtin_rule_prefix + address.str() + ".rules");
}

fs::path driverctl_path(const PciAddress& address) { return driverctl_dir / ("pci-" + address.str()); }

std::string binding_record_text(const PciAddress& address, const std::string& label, const BootIds& ids) {
    return "vfio-pci " + record_ids(ids) + "\n"
           "# Written by vpt: " + comment_text(label) + " is bound to vfio-pci from boot on, but only\n"
           "# while the device at " + address.str() + " is still the one on the first line (vendor, device\n"
           "# and class, as sysfs spells them). Another device at this address (a new card renumbers\n"
           "# the buses) keeps its driver; the kernel log says so (tag vpt), and so does vpt check.\n"
           "# Remove with: vpt reattach " + address.str() + " --persist\n";
}

std::optional<BootIds> parse_binding_record(const std::string& text) {
    std::istringstream first(text.substr(0, text.find('\n')));
    std::string driver, vendor, device, class_code, extra;
    if (!(first >> driver >> vendor >> device) || driver != "vfio-pci") return std::nullopt;
    first >> class_code;
    if (first >> extra) return std::nullopt;
    BootIds ids;
    auto v = parse_id(vendor, 4), d = parse_id(device, 4);
    if (!v || !d) return std::nullopt;
    ids.vendor = *v;
    ids.device = *d;
    if (!class_code.empty()) {
        ids.class_code = parse_id(class_code, 6);
        if (!ids.class_code) return std::nullopt;
    }
    return ids;
}

std::string early_bind_text(const PciAddress& address, const std::string& label,
                            const std::vector<std::string>& modules) {
    std::string text = "# Written by vpt: " + comment_text(label) + " is bound to vfio-pci from boot on.\n"
                       "# Before a host driver that could claim it loads, every device that\n"
                       "# /etc/vpt/boot-bindings records gets vfio-pci as its driver_override,\n"
                       "# while it is still the device recorded there.\n"
                       "# Remove with: vpt reattach " + address.str() + " --persist\n";
    for (const auto& module : modules) text += install_line(module);
    return text;
}

std::string builtin_rule_text(const PciAddress& address, const std::string& label, const BootIds& ids) {
    // udev compares the attributes itself; the message runs only when one differs.
    std::string match = "ATTR{vendor}==\"" + hex_id(ids.vendor, 4) + "\", ATTR{device}==\"" + hex_id(ids.device, 4) + "\"";
    if (ids.class_code) match += ", ATTR{class}==\"" + hex_id(*ids.class_code, 6) + "\"";
    std::string recorded = hex_id(ids.vendor, 4) + ":" + hex_id(ids.device, 4) +
                           (ids.class_code ? " class " + hex_id(*ids.class_code, 6) : "");
    return "# Written by vpt: " + comment_text(label) + " is bound to vfio-pci from boot on. Its host\n"
           "# driver is built into the kernel and binds first: udev moves it to vfio-pci, but only\n"
           "# while the device at " + address.str() + " is still the recorded one; another keeps its driver.\n"
           "# Remove with: vpt reattach " + address.str() + " --persist\n"
           "ACTION!=\"add\", GOTO=\"vpt_vfio_end\"\n"
           "SUBSYSTEM!=\"pci\", GOTO=\"vpt_vfio_end\"\n"
           "KERNEL!=\"" + address.str() + "\", GOTO=\"vpt_vfio_end\"\n" +
           match + ", GOTO=\"vpt_vfio_bind\"\n"
           "RUN+=\"/bin/sh -c 'echo vpt: left %k to its host driver: it is $attr{vendor}:$attr{device} class "
           "$attr{class}, the boot binding is for " + recorded + " - see vpt check > /dev/kmsg'\", GOTO=\"vpt_vfio_end\"\n"
           "LABEL=\"vpt_vfio_bind\"\n"
           "RUN+=\"/bin/sh -c '/sbin/modprobe vfio-pci; echo vfio-pci > /sys%p/driver_override; "
           "if [ -e /sys%p/driver ]; then echo %k > /sys%p/driver/unbind; fi; echo %k > /sys/bus/pci/drivers_probe'\"\n"
           "LABEL=\"vpt_vfio_end\"\n";
}

bool is_boot_binding_path(const fs::path& path) {
    const fs::path parent = path.parent_path();
    const std::string name = path.filename().string();
    if (parent == record_dir || parent == driverctl_dir) return bool(address_after(name, "pci-"));
    if (parent == rules_dir) return bool(address_after(name, builtin_rule_prefix, ".rules"));
    if (parent == "/etc/modprobe.d") return name.rfind(early_bind_prefix, 0) == 0;
    if (parent == "/etc/initramfs-tools/hooks" || parent == "/etc/dracut.conf.d") return name.find("vpt-vfio") != std::string::npos;
    return false;
}

unsigned boot_file_mode(const fs::path& path) {
    return path.parent_path() == "/etc/initramfs-tools/hooks" ? 0755 : 0644;
}

std::vector<BootBinding> read_boot_bindings(const HostFs& fs) {
    std::vector<BootBinding> bindings;
    auto known = [&](const PciAddress& address) {
        return std::any_of(bindings.begin(), bindings.end(), [&](const BootBinding& b) { return b.address == address; });
    };
    for (const auto& name : fs.list(record_dir)) {
        auto address = address_after(name, "pci-");
        auto text = address ? read_config_file(fs, record_dir / name) : std::nullopt;
        // A first line that names another driver is no binding to vfio-pci.
        if (!text || text->rfind("vfio-pci", 0) != 0) continue;
        bindings.push_back({*address, BootBinding::Kind::recorded, parse_binding_record(*text)});
    }
    for (const auto& name : fs.list(driverctl_dir)) {
        auto address = address_after(name, "pci-");
        if (!address || known(*address)) continue;
        auto driver = fs.read_text(driverctl_dir / name);
        if (driver && *driver == "vfio-pci") bindings.push_back({*address, BootBinding::Kind::address_only, std::nullopt});
    }
    std::sort(bindings.begin(), bindings.end(),
              [](const BootBinding& a, const BootBinding& b) { return a.address < b.address; });
    return bindings;
}

std::vector<PciAddress> persisted_vfio_bindings(const HostFs& fs) {
    std::vector<PciAddress> bound;
    for (const auto& binding : read_boot_bindings(fs)) {
        if (binding.kind == BootBinding::Kind::recorded) {
            auto found = read_device_ids(fs, binding.address);
            if (!binding.ids || !found || !ids_match(*binding.ids, *found)) continue;
        }
        bound.push_back(binding.address);
    }
    return bound;
}

bool has_persisted_binding(const HostFs& fs, const PciAddress& address) {
    auto bindings = read_boot_bindings(fs);
    return std::any_of(bindings.begin(), bindings.end(), [&](const BootBinding& b) { return b.address == address; });
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
