#include "core/device_identity.hpp"

#include <cstdio>

namespace vpt {
std::string hex_digits(uint32_t value, int digits) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%0*x", digits, value);
    return buf;
}

std::string hex_id(uint32_t value, int digits) { return "0x" + hex_digits(value, digits); }

const char* serial_kind_name(DeviceSerial::Kind kind) {
    return kind == DeviceSerial::Kind::dsn ? "dsn" : "vpd";
}

std::optional<std::string> DeviceIdentity::serial(DeviceSerial::Kind kind) const {
    for (const auto& s : serials)
        if (s.kind == kind) return s.value;
    return std::nullopt;
}

std::optional<DeviceSerial> DeviceIdentity::strongest_serial() const {
    for (auto kind : {DeviceSerial::Kind::dsn, DeviceSerial::Kind::vpd})
        if (auto value = serial(kind)) return DeviceSerial{kind, *value};
    return std::nullopt;
}

bool is_vpd_serial(std::string_view text) {
    if (text.empty() || text.size() > 64 || text.front() == ' ' || text.back() == ' ') return false;
    for (char c : text)
        if (c < 0x20 || c > 0x7e) return false;
    return true;
}

DeviceIdentity identity_of(const PciDevice& device) {
    DeviceIdentity identity;
    identity.address = device.address;
    identity.vendor = device.vendor_id;
    identity.device = device.product_id;
    identity.class_code = device.class_code;
    if (device.vpd_serial) identity.serials.push_back({DeviceSerial::Kind::vpd, *device.vpd_serial});
    identity.iommu_group = device.iommu_group;
    identity.group_members = device.group_members;
    return identity;
}

DeviceIdentity recorded_form(DeviceIdentity identity) {
    auto strongest = identity.strongest_serial();
    identity.serials.clear();
    if (strongest) identity.serials.push_back(*strongest);
    return identity;
}

std::string describe_identity(const DeviceIdentity& identity) {
    std::string text = hex_digits(identity.vendor, 4) + ":" + hex_digits(identity.device, 4);
    if (identity.subsystem_vendor && identity.subsystem_device)
        text += " subsystem " + hex_digits(*identity.subsystem_vendor, 4) + ":" + hex_digits(*identity.subsystem_device, 4);
    if (identity.class_code) text += " class 0x" + hex_digits(*identity.class_code, 6);
    if (auto serial = identity.strongest_serial())
        text += std::string(" ") + serial_kind_name(serial->kind) + " " + serial->value;
    return text;
}

}  // namespace vpt
