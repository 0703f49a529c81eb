// Which physical PCI device sits at an address: the facts that tell one
// device from another after a BIOS update or a new card renumbers the buses.
// What vpt records in a guest's <metadata> when it gives the guest a device,
// and what it reads from the host to check that record. A field nobody could
// read stays empty: vpt never invents one, and compares only fields known
// on both sides.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/pci_address.hpp"
#include "core/pci_device.hpp"

namespace vpt {

// A serial number, strongest kind first.
struct DeviceSerial {
    enum class Kind {
        dsn,  // PCIe Device Serial Number (extended config space, read from sysfs)
        vpd,  // the serial number of the Vital Product Data, as libvirt reports it
    };
    Kind kind = Kind::dsn;
    std::string value;

    bool operator==(const DeviceSerial&) const = default;
};

const char* serial_kind_name(DeviceSerial::Kind kind);  // "dsn", "vpd"

struct DeviceIdentity {
    PciAddress address;
    uint32_t vendor = 0;                       // 16 bits
    uint32_t device = 0;                       // 16 bits
    std::optional<uint32_t> subsystem_vendor;  // sysfs only
    std::optional<uint32_t> subsystem_device;
    std::optional<uint32_t> class_code;        // 24 bits
    // Every serial known: a host device may have both kinds; a record
    // keeps only the strongest (see recorded_form).
    std::vector<DeviceSerial> serials;
    // Where it was, for the reader: group numbers change across boots, so
    // they are never part of the identity.
    std::optional<int> iommu_group;
    std::vector<PciAddress> group_members;
    bool companion = false;                    // came with another device of its group

    // The serial of this kind, if known.
    std::optional<std::string> serial(DeviceSerial::Kind kind) const;
    // The strongest serial known.
    std::optional<DeviceSerial> strongest_serial() const;
};

// `value` in `digits` lower-case hex digits, no prefix: hex_digits(0x10de, 4) is "10de".
std::string hex_digits(uint32_t value, int digits);
// The "0x10de" form of libvirt's XML and sysfs: hex_id(0x10de, 4) is "0x10de".
std::string hex_id(uint32_t value, int digits);

// Whether `text` can be a VPD serial number in a record: 1 to 64 printable
// ASCII characters, no blank at either end.
bool is_vpd_serial(std::string_view text);

// What libvirt's node device XML tells of a device (no subsystem ids, no DSN).
DeviceIdentity identity_of(const PciDevice& device);

// The identity as a record keeps it: only the strongest serial.
DeviceIdentity recorded_form(DeviceIdentity identity);

// "10de:2204 subsystem 1458:403b class 0x030000 dsn 00-11-22-33-44-55-66-77":
// the identity's fields that are known, for messages.
std::string describe_identity(const DeviceIdentity& identity);

}  // namespace vpt
