// SR-IOV virtual function counts in sysfs, and the udev rule that makes a
// count survive a reboot. Everything is read and written below a HostFs
// root: "/" on a real host, a copied fixture tree in tests.
//
// Writing sriov_numvfs is the only sysfs write vpt makes.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/pci_address.hpp"
#include "core/result.hpp"
#include "host/host_fs.hpp"

namespace vpt {

// What sysfs says about a physical function.
struct SriovState {
    int total_vfs = 0;                      // sriov_totalvfs
    int current_vfs = 0;                    // sriov_numvfs
    std::optional<bool> drivers_autoprobe;  // sriov_drivers_autoprobe (kernel >= 4.12)
    std::optional<std::string> driver;      // the PF's bound driver, if any
    std::vector<PciAddress> vfs;            // virtfn0, virtfn1, ... in that order
};

// Fails when the device has no sysfs entry, or is not an SR-IOV physical
// function (no sriov_totalvfs), or a file holds no number.
Result<SriovState> read_sriov_state(const HostFs& fs, const PciAddress& pf);

// The bound driver of any PCI device ("igbvf"), or nothing.
std::optional<std::string> sysfs_driver(const HostFs& fs, const PciAddress& address);

// The host path of the PF's count: "/sys/bus/pci/devices/0000:03:00.0/sriov_numvfs".
std::filesystem::path sriov_numvfs_path(const PciAddress& pf);

// Writes `count` to the PF's sriov_numvfs below the root of `fs`, then reads it
// back. Returns the host path written; on failure, a message with the
// kernel's reason and, for the usual errors, what it means. The file must
// exist (it is never created).
Result<std::filesystem::path> write_sriov_numvfs(const HostFs& fs, const PciAddress& pf, int count);

// --- the persistent count: one udev rule file per PF ---

// "/etc/udev/rules.d/70-vpt-sriov-0000:03:00.0.rules"
std::filesystem::path persist_rule_path(const PciAddress& pf);

// The rule file's text. It sets the count when the PF appears ("add", the
// event udev replays at boot) and when a driver binds to it ("bind": the
// driver may be loaded only after "add", and the kernel creates VFs only
// through a bound PF driver).
std::string persist_rule_text(const PciAddress& pf, int count);

// The count a rule file (vpt's or of the same form) sets, if one exists.
std::optional<int> read_persisted_count(const HostFs& fs, const PciAddress& pf);

// Writes the rule file atomically (temporary file, then rename), creating
// /etc/udev/rules.d below the root if needed. Returns the host path.
Result<std::filesystem::path> write_persist_rule(const HostFs& fs, const PciAddress& pf, int count);

// Removes the rule file. True when one was removed, false when none existed.
Result<bool> remove_persist_rule(const HostFs& fs, const PciAddress& pf);

}  // namespace vpt
