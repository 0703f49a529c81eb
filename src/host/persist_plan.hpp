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
#include "host/boot_binding.hpp"
#include "host/host_fs.hpp"
#include "host/initramfs.hpp"

namespace vpt {

// An endpoint of the group as the plan names it, with the ids its binding records.
struct BootEndpoint {
    PciAddress address;
    std::string label;  // "0000:01:00.0 (Ethernet controller)"
    BootIds ids;        // what the device is, as libvirt reports it
};

// One endpoint of the group, with its boot files as they are now.
struct BootDevice {
    PciAddress address;
    std::string label;
    BootIds ids;
    std::vector<std::string> modules;        // host driver modules that could claim it at boot
    std::optional<std::string> record;       // vpt's record of its binding
    std::optional<std::string> early_bind;   // vpt's modprobe.d file
    std::optional<std::string> builtin_rule; // vpt's udev rule (a driver built into the kernel)
    std::optional<std::string> driverctl;    // its driverctl override (an older vpt's binding, or the admin's)
};

struct BootFacts {
    std::vector<BootDevice> devices;
    Initramfs initramfs;
    // What the running kernel's initramfs holds; nullopt when it could not be
    // listed (`why_unlisted`), and then it is rebuilt to be sure.
    std::optional<std::set<std::string>> initramfs_contents;
    std::string why_unlisted;
    std::optional<std::string> hook;        // vpt's initramfs hook now
    size_t other_bindings = 0;              // vfio-pci boot bindings outside these devices
    std::vector<PciAddress> address_only;   // those of them bound by address alone (an older vpt's)
};

BootFacts read_boot_facts(const HostFs& fs, const std::vector<BootEndpoint>& endpoints);

// Bind every device to vfio-pci from boot on, while it is the recorded
// device. Steps only; no operation.
Plan plan_boot_binding(const BootFacts& facts);
// Remove the devices' boot bindings, an older vpt's too (vpt's hook when
// none is left).
Plan plan_boot_unbinding(const BootFacts& facts);

}  // namespace vpt
