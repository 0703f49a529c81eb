// What a user typed to name PCI devices, parsed before anything is looked
// up: one function by its address, every function of a slot (as Proxmox
// names a card), or every device with a vendor:device pair (as lspci -d).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/pci_address.hpp"
#include "core/pci_device.hpp"
#include "core/result.hpp"

namespace vpt {

struct DeviceSelector {
    enum class Kind {
        address,  // pci_0000_01_00_0, 0000:01:00.0, 01:00.0: one function
        slot,     // 0000:01:00, 01:00: every function of the slot
        ids,      // 10de:2204: every device with that vendor and product id
    };

    Kind kind = Kind::address;
    PciAddress address;        // address and slot (a slot's function is 0 and unused)
    uint32_t vendor_id = 0;    // ids
    uint32_t product_id = 0;   // ids

    // Strict: exactly the forms above, hex in either case, fields in range.
    static Result<DeviceSelector> parse(std::string_view text);

    bool matches(const PciDevice& device) const;
    // A form that names one device at most; the others may name several.
    bool names_one() const { return kind == Kind::address; }
};

// "10de:2204": a device's vendor:device pair as lspci -d takes it.
std::string ids_str(uint32_t vendor_id, uint32_t product_id);

}  // namespace vpt
