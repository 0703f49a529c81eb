// vpt check DEV: whether the 64-bit BARs of the device's group fit the
// 64-bit PCI window a guest's firmware maps by default (core/mmio_fit.hpp
// has the rule and its sources).
#include "core/mmio_fit.hpp"
#include "core/command_text.hpp"
#include "host/checks.hpp"
#include "host/pci_health.hpp"

namespace vpt {

Verdict check_device_bars(const HostFs& fs, const Inventory& inventory, const PciDevice& device) {
    // The group goes to a guest whole: every endpoint's BARs take room in its window.
    uint64_t total = 0;
    size_t read = 0;
    for (const auto* member : inventory.group_of(device)) {
        if (member->is_bridge()) continue;
        if (auto bars = read_pci_health(fs, member->address).bars) {
            total += bars->mem64_total();
            ++read;
        }
    }
    if (!read) return skip("no sysfs resource file for " + device.address.str());
    std::string window = size_text(default_mmio64_bytes);
    if (total <= default_mmio64_bytes)
        return pass("64-bit BARs of the group: " + size_text(total) + ", within the " + window +
                    " 64-bit PCI window a guest's firmware maps by default");
    return warn("64-bit BARs of the group: " + size_text(total) + ", more than the " + window +
                    " 64-bit PCI window a guest's firmware maps by default: the guest may not see the device",
                "widen the guest's window before assigning: " +
                    command_text({"vpt", "prepare", "GUEST", "--mmio64",
                                  std::to_string(suggested_mmio64_gib(total)) + "G"}));
}

}  // namespace vpt
