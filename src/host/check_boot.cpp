// Whether each boot-time vfio-pci binding held this boot.
#include "core/text_list.hpp"
#include "core/command_text.hpp"
#include "host/boot_binding.hpp"
#include "host/checks.hpp"

namespace vpt {

Verdict check_boot_bindings(const HostFs& fs) {
    auto bindings = persisted_vfio_bindings(fs);
    if (bindings.empty()) return pass("no device is bound to vfio-pci from boot on");
    std::vector<std::string> held, not_held, fixes;
    for (const auto& address : bindings) {
        const std::string name = address.str();
        if (!fs.exists(pci_device_dir(address))) {
            not_held.push_back(name + " is gone");
            fixes.push_back("drop the binding of the missing " + name + ": rm " + driverctl_path(address).string() +
                            " " + early_bind_path(address).string());
            continue;
        }
        auto driver = fs.link_target_name(pci_device_dir(address) / "driver");
        if (driver && *driver == "vfio-pci") {
            held.push_back(name);
            continue;
        }
        not_held.push_back(name + (driver ? " is on " + *driver : std::string(" has no driver")));
        fixes.push_back(command_text({"vpt", "detach", name}) + " (to vfio-pci now), or drop the binding: " +
                        command_text({"vpt", "reattach", name, "--persist"}));
    }
    if (not_held.empty()) return pass(plural(held.size(), "binding", "bindings") + " held this boot: " + join(held));
    std::string finding = "not held this boot: " + join(not_held, "; ");
    if (!held.empty()) finding += " (held: " + join(held) + ")";
    std::string fix;
    for (const auto& line : fixes) fix += (fix.empty() ? "" : "\n") + line;
    return warn(finding, fix);
}

}  // namespace vpt
