// A PCI device bound to vfio-pci from boot on, the way the host's own tools
// do it, so that `driverctl list-overrides` and an admin reading /etc see
// vpt's bindings:
//
//   /etc/driverctl.d/pci-0000:01:00.0          "vfio-pci": driverctl's own
//       format; its udev rule and service apply it late in boot.
//   /etc/modprobe.d/vpt-vfio-0000:01:00.0.conf an `install` line for each
//       host driver module that could claim the device. Whenever such a
//       module loads (in the initramfs or later), the line first gives every
//       device in /etc/driverctl.d that names vfio-pci its driver_override
//       and loads vfio-pci, so the host driver never probes the device, even
//       when it loads for another device first (the boot NVMe beside the
//       passed-through one). A udev rule per device could not: udev handles
//       devices in parallel.
//
// Everything is read and written below a HostFs root (fixture trees in tests).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/pci_address.hpp"
#include "host/host_fs.hpp"

namespace vpt {

// "/etc/driverctl.d/pci-0000:01:00.0"
std::filesystem::path driverctl_path(const PciAddress& address);
// "/etc/modprobe.d/vpt-vfio-0000:01:00.0.conf"
std::filesystem::path early_bind_path(const PciAddress& address);

// What driverctl writes for a vfio-pci override: the driver's name and a newline.
std::string driverctl_text();
// The modprobe.d file for the device: one `install` line per module in `modules`.
std::string early_bind_text(const PciAddress& address, const std::string& label,
                            const std::vector<std::string>& modules);

// Whether `path` is one of the files above (a driverctl override, vpt's
// modprobe.d file or initramfs hook): the only files a boot step may write.
bool is_boot_binding_path(const std::filesystem::path& path);

// The mode a boot file is written with: hook scripts are executable.
unsigned boot_file_mode(const std::filesystem::path& path);

// The devices whose driverctl override names vfio-pci, in address order.
std::vector<PciAddress> persisted_vfio_bindings(const HostFs& fs);
bool has_persisted_binding(const HostFs& fs, const PciAddress& address);

// The host driver modules that would claim the device at boot: those whose
// alias in the running kernel's modules.alias matches the device's modalias
// (vfio-pci and pci-stub excluded). Empty when the driver is built into the
// kernel or nothing matches.
std::vector<std::string> host_driver_modules(const HostFs& fs, const PciAddress& address);

// Whether the glob `pattern` of a modules.alias line matches `modalias` (pure).
bool modalias_matches(const std::string& pattern, const std::string& modalias);
// Module names are spelt with '-' or '_' alike: the '_' form.
std::string module_name(std::string name);

}  // namespace vpt
