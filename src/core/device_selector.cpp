#include "core/device_selector.hpp"

#include <cstdio>

#include "core/text_fields.hpp"

namespace vpt {
namespace {

Failure malformed(std::string_view text) {
    return Failure{"malformed device name '" + std::string(text) +
                   "' (expected 0000:01:00.0, 01:00.0, pci_0000_01_00_0, a slot 0000:01:00 or 01:00, "
                   "or vendor:device 10de:2204)"};
}

// 0000:01:00 or 01:00: an address without its function.
Result<DeviceSelector> parse_slot(std::string_view text, const std::vector<std::string_view>& fields) {
    uint64_t domain = 0, bus = 0, slot = 0;
    size_t at = 0;
    if (fields.size() == 3 && !parse_hex_field(fields[at++], 4, 4, domain)) return malformed(text);
    if (!parse_hex_field(fields[at], 2, 2, bus) || !parse_hex_field(fields[at + 1], 2, 2, slot))
        return malformed(text);
    // Two hex digits hold any bus, four any domain: only the slot can be too big.
    if (slot > 0x1f) return Failure{"invalid PCI slot '" + std::string(text) + "': slot out of range (00 to 1f)"};
    DeviceSelector selector;
    selector.kind = DeviceSelector::Kind::slot;
    selector.address = {static_cast<uint32_t>(domain), static_cast<uint32_t>(bus), static_cast<uint32_t>(slot), 0};
    return selector;
}

}  // namespace

std::string ids_str(uint32_t vendor_id, uint32_t product_id) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04x:%04x", vendor_id & 0xffff, product_id & 0xffff);
    return buf;
}

Result<DeviceSelector> DeviceSelector::parse(std::string_view text) {
    // A function number or libvirt's prefix: the text means one address,
    // and the address parser says best what is wrong with it.
    if (text.starts_with("pci_") || text.find('.') != std::string_view::npos) {
        auto address = PciAddress::parse(text);
        if (!address) return Failure{address.error()};
        DeviceSelector selector;
        selector.address = *address;
        return selector;
    }
    auto fields = split_fields(text, ':');
    if (fields.size() == 2 && fields[0].size() == 4 && fields[1].size() == 4) {
        uint64_t vendor = 0, product = 0;
        if (!parse_hex_field(fields[0], 4, 4, vendor) || !parse_hex_field(fields[1], 4, 4, product))
            return malformed(text);
        DeviceSelector selector;
        selector.kind = Kind::ids;
        selector.vendor_id = static_cast<uint32_t>(vendor);
        selector.product_id = static_cast<uint32_t>(product);
        return selector;
    }
    if (fields.size() == 2 || fields.size() == 3) return parse_slot(text, fields);
    return malformed(text);
}

bool DeviceSelector::matches(const PciDevice& device) const {
    switch (kind) {
        case Kind::address:
            return device.address == address;
        case Kind::slot:
            return device.address.domain == address.domain && device.address.bus == address.bus &&
                   device.address.slot == address.slot;
        case Kind::ids:
            return device.vendor_id == vendor_id && device.product_id == product_id;
    }
    return false;
}

}  // namespace vpt
