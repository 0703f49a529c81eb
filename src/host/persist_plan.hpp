// The boot half of `vpt detach --persist` and `vpt reattach --persist`:
// which boot files to write or remove for a group's endpoints, and whether
// the initramfs must be rebuilt. Read once into BootFacts, then planned
// without side effects, so the plan, a dry run and the journal agree.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/pci_address.hpp"
#include "core/plan.hpp"
#include "host/host_fs.hpp"
#include "host/initramfs.hpp"

namespace vpt {

// One endpoint of the group, with its boot files as they are now.
struct BootDevice {
    PciAddress address;
    std::string label;                     // "0000:01:00.0 (Ethernet controller)"
    std::vector<std::string> modules;      // host driver modules that could claim it at boot
    std::optional<std::string> driverctl;  // its driverctl override file
    std::optional<std::string> early_bind; // vpt's modprobe.d file
};

struct BootFacts {
    std::vector<BootDevice> devices;
    Initramfs initramfs;
    // What the running kernel's initramfs holds; nullopt when it could not be
    // listed (`why_unlisted`), and then it is rebuilt to be sure.
    std::optional<std::set<std::string>> initramfs_contents;
    std::string why_unlisted;
    std::optional<std::string> hook;       // vpt's initramfs hook now
    size_t other_bindings = 0;             // vfio-pci boot bindings outside these devices
    bool driverctl_installed = false;      // its service applies a binding a built-in driver beat
};

// `endpoints`: address and label of each endpoint of the group.
BootFacts read_boot_facts(const HostFs& fs, const std::vector<std::pair<PciAddress, std::string>>& endpoints);

// Bind every device to vfio-pci from boot on. Steps only; no operation.
Plan plan_boot_binding(const BootFacts& facts);
// Remove the devices' boot bindings (vpt's hook too when none is left).
Plan plan_boot_unbinding(const BootFacts& facts);

}  // namespace vpt
