// A PCI device bound to vfio-pci from boot on. A binding follows the device,
// not its address: a new card or a BIOS update renumbers the buses, and the
// address of a passed-through NIC can become the boot disk's. So each binding
// records the device's vendor, device and class, and what runs at boot binds
// the device at the address only while it still has them; otherwise the
// device keeps its driver and the kernel log says so (tag "vpt").
//
//   /etc/vpt/boot-bindings/pci-0000:01:00.0    the record: its first line is
//       "vfio-pci 0x144d 0xa80a 0x010802" (driver, vendor, device, class as
//       sysfs spells them; the class may be missing), comments follow.
//   /etc/modprobe.d/vpt-vfio-0000:01:00.0.conf an `install` line for each
//       host driver module that could claim the device. Whenever such a
//       module loads (in the initramfs or later), the line first compares
//       every record with the device at its address and gives each that
//       matches vfio-pci as its driver_override, so the host driver never
//       probes it, even when it loads for another device first (the boot
//       NVMe beside the passed-through one). A udev rule per device could
//       not: udev handles devices in parallel.
//   /etc/udev/rules.d/90-vpt-vfio-0000:01:00.0.rules  only when no module
//       matches (a driver built into the kernel binds before any module
//       loads): udev moves the device to vfio-pci later in boot, its rule
//       matching the recorded ATTR{vendor}, ATTR{device} and ATTR{class}.
//
// Older versions wrote /etc/driverctl.d/pci-ADDR ("vfio-pci"), driverctl's
// format, which binds by address alone. Such a binding is still read (list,
// check, reattach --persist), and `detach --persist` replaces it.
//
// Everything is read and written below a HostFs root (fixture trees in tests).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/pci_address.hpp"
#include "host/host_fs.hpp"

namespace vpt {

// What a binding compares at boot before it binds.
struct BootIds {
    uint32_t vendor = 0;                // 16 bits
    uint32_t device = 0;                // 16 bits
    std::optional<uint32_t> class_code; // 24 bits; compared only when recorded

    bool operator==(const BootIds&) const = default;
};

// "8086:10d3 class 0x020000"
std::string describe_ids(const BootIds& ids);
// Whether `found` is the recorded device: vendor and device, and the class when recorded.
bool ids_match(const BootIds& recorded, const BootIds& found);
// The ids of the device at `address` as sysfs has them; nullopt when it is not there.
std::optional<BootIds> read_device_ids(const HostFs& fs, const PciAddress& address);

// "/etc/vpt/boot-bindings/pci-0000:01:00.0"
std::filesystem::path binding_record_path(const PciAddress& address);
// "/etc/modprobe.d/vpt-vfio-0000:01:00.0.conf"
std::filesystem::path early_bind_path(const PciAddress& address);
// "/etc/udev/rules.d/90-vpt-vfio-0000:01:00.0.rules"
std::filesystem::path builtin_rule_path(const PciAddress& address);
// "/etc/driverctl.d/pci-0000:01:00.0": an older binding by address alone.
std::filesystem::path driverctl_path(const PciAddress& address);

// The record of the device's binding.
std::string binding_record_text(const PciAddress& address, const std::string& label, const BootIds& ids);
// The ids a record holds; nullopt when its first line is not "vfio-pci VENDOR DEVICE [CLASS]".
std::optional<BootIds> parse_binding_record(const std::string& text);
// The modprobe.d file for the device: one `install` line per module in `modules`.
std::string early_bind_text(const PciAddress& address, const std::string& label,
                            const std::vector<std::string>& modules);
// The udev rule for a device no module can be stopped for.
std::string builtin_rule_text(const PciAddress& address, const std::string& label, const BootIds& ids);

// Whether `path` is one of the files above (or vpt's initramfs hook): the
// only files a boot step may write.
bool is_boot_binding_path(const std::filesystem::path& path);

// The mode a boot file is written with: hook scripts are executable.
unsigned boot_file_mode(const std::filesystem::path& path);

// One of vpt's boot bindings as the host's /etc has it.
struct BootBinding {
    enum class Kind {
        recorded,      // vpt's record: binds only the recorded device
        address_only,  // an older driverctl file naming vfio-pci: binds whatever is at the address
    };
    PciAddress address;
    Kind kind = Kind::recorded;
    std::optional<BootIds> ids;  // recorded: the ids; nullopt when the record cannot be read
};

// Every binding, in address order: the records, then the older driverctl
// files that name vfio-pci at an address no record has.
std::vector<BootBinding> read_boot_bindings(const HostFs& fs);
// The devices bound to vfio-pci from boot on: each address whose binding
// holds the device there now (a record whose ids match it, or an address-only one).
std::vector<PciAddress> persisted_vfio_bindings(const HostFs& fs);
// Whether any binding names the address.
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
