// A PCI address (domain:bus:slot.function): a small value type with one
// printed form, strict parsing and range checks.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace vpt {

struct PciAddress {
    uint32_t domain = 0;    // 0..0xffff
    uint32_t bus = 0;       // 0..0xff
    uint32_t slot = 0;      // 0..0x1f
    uint32_t function = 0;  // 0..7

    auto operator<=>(const PciAddress&) const = default;

    // "dddd:bb:ss.f", lower-case hex: the form sysfs uses.
    std::string str() const;
    // "pci_dddd_bb_ss_f": the name libvirt gives a PCI node device.
    std::string nodedev_name() const;

    // Accepts the three forms users type: pci_0000_01_00_0, 0000:01:00.0
    // and 01:00.0 (domain 0). Anything else, or a field out of range, fails.
    static Result<PciAddress> parse(std::string_view text);
    // Checks the ranges above; used for numbers read from XML.
    static Result<PciAddress> from_fields(uint64_t domain, uint64_t bus, uint64_t slot,
                                          uint64_t function);
};

}  // namespace vpt
