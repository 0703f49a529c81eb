#include "core/pci_address.hpp"

#include <cstdio>

#include "core/text_fields.hpp"

namespace vpt {
namespace {

Failure malformed(std::string_view text) {
    return Failure{"malformed PCI address '" + std::string(text) +
                   "' (expected 0000:01:00.0, 01:00.0 or pci_0000_01_00_0)"};
}

}  // namespace

std::string PciAddress::str() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04x:%02x:%02x.%x", domain, bus, slot, function);
    return buf;
}

std::string PciAddress::nodedev_name() const {
    char buf[24];
    std::snprintf(buf, sizeof buf, "pci_%04x_%02x_%02x_%x", domain, bus, slot, function);
    return buf;
}

Result<PciAddress> PciAddress::from_fields(uint64_t domain, uint64_t bus, uint64_t slot,
                                           uint64_t function) {
    if (domain > 0xffff || bus > 0xff || slot > 0x1f || function > 7) {
        char buf[96];
        std::snprintf(buf, sizeof buf,
                      "PCI address out of range: domain %#llx bus %#llx slot %#llx function %llu",
                      static_cast<unsigned long long>(domain), static_cast<unsigned long long>(bus),
                      static_cast<unsigned long long>(slot),
                      static_cast<unsigned long long>(function));
        return Failure{buf};
    }
    return PciAddress{static_cast<uint32_t>(domain), static_cast<uint32_t>(bus),
                      static_cast<uint32_t>(slot), static_cast<uint32_t>(function)};
}

Result<PciAddress> PciAddress::parse(std::string_view text) {
    uint64_t domain = 0, bus = 0, slot = 0, function = 0;
    if (text.starts_with("pci_")) {
        auto parts = split_fields(text.substr(4), '_');
        if (parts.size() != 4 || !parse_hex_field(parts[0], 4, 4, domain) ||
            !parse_hex_field(parts[1], 2, 2, bus) || !parse_hex_field(parts[2], 2, 2, slot) ||
            !parse_hex_field(parts[3], 1, 1, function))
            return malformed(text);
    } else {
        auto dot = split_fields(text, '.');
        if (dot.size() != 2 || !parse_hex_field(dot[1], 1, 1, function)) return malformed(text);
        auto colon = split_fields(dot[0], ':');
        if (colon.size() == 3) {
            if (!parse_hex_field(colon[0], 4, 4, domain)) return malformed(text);
            colon.erase(colon.begin());
        }
        if (colon.size() != 2 || !parse_hex_field(colon[0], 2, 2, bus) ||
            !parse_hex_field(colon[1], 2, 2, slot))
            return malformed(text);
    }
    auto address = from_fields(domain, bus, slot, function);
    if (!address) return Failure{"invalid PCI address '" + std::string(text) + "': " + address.error()};
    return address;
}

}  // namespace vpt
