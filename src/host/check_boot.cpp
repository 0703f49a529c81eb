// Whether each boot-time vfio-pci binding held this boot, and whether it
// still names the device it was made for.
#include "core/device_identity.hpp"
#include "core/text_list.hpp"
#include "core/command_text.hpp"
#include "host/boot_binding.hpp"
#include "host/checks.hpp"

namespace vpt {
namespace {

namespace fs = std::filesystem;

// The files of the binding that exist, for an `rm` the user can paste.
std::string binding_files(const HostFs& fs, const PciAddress& address) {
    std::vector<std::string> files;
    for (const auto& path : {binding_record_path(address), early_bind_path(address), builtin_rule_path(address),
                             driverctl_path(address)})
        if (fs.exists(path)) files.push_back(path.string());
    return join(files, " ");
}

std::string driver_text(const HostFs& fs, const PciAddress& address) {
    auto driver = fs.link_target_name(pci_device_dir(address) / "driver");
    return driver ? "on " + *driver : "no driver";
}

// Where the recorded device may be now: the other addresses with its ids
// that no binding of vpt's names already.
std::vector<std::string> moved_to(const HostFs& fs, const BootIds& recorded, const std::vector<BootBinding>& bindings) {
    std::vector<std::string> found;
    for (const auto& name : fs.list("/sys/bus/pci/devices")) {
        auto address = PciAddress::parse(name);
        if (!address) continue;
        bool bound = false;
        for (const auto& binding : bindings) bound = bound || binding.address == *address;
        auto ids = read_device_ids(fs, *address);
        if (!bound && ids && ids_match(recorded, *ids)) found.push_back(address->str());
    }
    return found;
}

// The fix for a binding whose address now holds another device.
std::string moved_fix(const HostFs& fs, const BootBinding& binding, const std::vector<BootBinding>& bindings) {
    const BootIds& recorded = *binding.ids;
    auto places = moved_to(fs, recorded, bindings);
    std::string fix = "the device bound at " + binding.address.str() + " is not there any more (a new card renumbers the buses): ";
    if (places.size() == 1)
        fix += "it is at " + places[0] + " now, bind it there with 'vpt detach " + places[0] + " --persist'";
    else if (places.size() > 1)
        fix += "it may be " + join(places, " or ") + ": 'vpt show " + hex_digits(recorded.vendor, 4) + ":" +
               hex_digits(recorded.device, 4) + "' lists them, and 'vpt detach ADDR --persist' binds it";
    else
        fix += "'vpt show " + hex_digits(recorded.vendor, 4) + ":" + hex_digits(recorded.device, 4) +
               "' finds it, and 'vpt detach ADDR --persist' binds it";
    return fix + "; then drop the stale binding: rm " + binding_files(fs, binding.address);
}

}  // namespace

Verdict check_boot_bindings(const HostFs& fs) {
    auto bindings = read_boot_bindings(fs);
    if (bindings.empty()) return pass("no device is bound to vfio-pci from boot on");
    std::vector<std::string> held, problems, by_address_only, fixes;
    for (const auto& binding : bindings) {
        const std::string name = binding.address.str();
        const bool by_address = binding.kind == BootBinding::Kind::address_only;
        if (!fs.exists(pci_device_dir(binding.address))) {
            problems.push_back(name + " is gone");
            fixes.push_back("drop the binding of the missing " + name + ": rm " + binding_files(fs, binding.address));
            continue;
        }
        if (!by_address) {
            if (!binding.ids) {
                problems.push_back(name + ": its record " + binding_record_path(binding.address).string() +
                                   " names no vendor:device, so the binding never applies");
                fixes.push_back("write it again: vpt detach " + name + " --persist, or drop it: vpt reattach " + name +
                                " --persist");
                continue;
            }
            auto found = read_device_ids(fs, binding.address);
            if (!found || !ids_match(*binding.ids, *found)) {
                problems.push_back(name + " is now " + (found ? describe_ids(*found) : std::string("a device without ids")) +
                                   " (" + driver_text(fs, binding.address) + "), not the recorded " +
                                   describe_ids(*binding.ids) + ": the boot binding was not applied to it");
                fixes.push_back(moved_fix(fs, binding, bindings));
                continue;
            }
        }
        auto driver = fs.link_target_name(pci_device_dir(binding.address) / "driver");
        if (driver && *driver == "vfio-pci") {
            held.push_back(name);
        } else {
            problems.push_back(name + (driver ? " is on " + *driver : std::string(" has no driver")));
            fixes.push_back(command_text({"vpt", "detach", name}) + " (to vfio-pci now), or drop the binding: " +
                            command_text({"vpt", "reattach", name, "--persist"}));
        }
        if (by_address) {
            by_address_only.push_back(name);
            fixes.push_back("record what " + name + " is, so that only it is bound: vpt detach " + name + " --persist");
        }
    }
    if (problems.empty() && by_address_only.empty())
        return pass(plural(held.size(), "binding", "bindings") + " held this boot: " + join(held));
    std::vector<std::string> parts;
    if (!problems.empty()) parts.push_back("not held this boot: " + join(problems, "; "));
    if (!by_address_only.empty())
        parts.push_back("bound by address alone (an older vpt's /etc/driverctl.d file, no vendor:device recorded): " +
                        join(by_address_only) + "; a device that takes such an address is given to vfio-pci too");
    std::string finding = join(parts, "; ");
    if (!held.empty()) finding += " (held: " + join(held) + ")";
    std::string fix;
    for (const auto& line : fixes) fix += (fix.empty() ? "" : "\n") + line;
    return warn(finding, fix);
}

}  // namespace vpt
