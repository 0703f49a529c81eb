#include "host/sysfs_identity.hpp"

#include <algorithm>
#include <optional>

#include "core/pci_serial_number.hpp"

namespace vpt {
namespace {

// sysfs writes ids as "0x10de\n"; anything else is not an id.
std::optional<uint32_t> read_id(const HostFs& fs, const PciAddress& address, const char* file, int max_digits) {
    auto text = fs.read_text(pci_device_dir(address) / file);
    if (!text || text->size() < 3 || text->size() > size_t(max_digits) + 2 || !text->starts_with("0x"))
        return std::nullopt;
    uint32_t value = 0;
    for (size_t i = 2; i < text->size(); ++i) {
        char c = char((*text)[i] | 0x20);
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
        value = value * 16 + uint32_t(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return value;
}

void add_iommu_group(const HostFs& fs, DeviceIdentity& identity) {
    auto group = fs.link_target_name(pci_device_dir(identity.address) / "iommu_group");
    if (!group || group->empty() || group->size() > 6 || group->find_first_not_of("0123456789") != std::string::npos)
        return;
    identity.iommu_group = std::stoi(*group);
    for (const auto& name : fs.list("/sys/kernel/iommu_groups/" + *group + "/devices"))
        if (auto member = PciAddress::parse(name); member && member->str() == name)
            identity.group_members.push_back(*member);
    std::sort(identity.group_members.begin(), identity.group_members.end());
}

}  // namespace

void add_sysfs_identity(const HostFs& fs, DeviceIdentity& identity) {
    auto sub_vendor = read_id(fs, identity.address, "subsystem_vendor", 4);
    auto sub_device = read_id(fs, identity.address, "subsystem_device", 4);
    if (sub_vendor && sub_device) {
        identity.subsystem_vendor = sub_vendor;
        identity.subsystem_device = sub_device;
    }
    if (identity.serial(DeviceSerial::Kind::dsn)) return;
    auto config = fs.read_head(pci_device_dir(identity.address) / "config", 4096);
    if (!config) return;
    if (auto dsn = find_device_serial_number(*config))
        identity.serials.insert(identity.serials.begin(), DeviceSerial{DeviceSerial::Kind::dsn, *dsn});
}

std::optional<DeviceIdentity> read_sysfs_identity(const HostFs& fs, const PciAddress& address) {
    DeviceIdentity identity;
    identity.address = address;
    auto vendor = read_id(fs, address, "vendor", 4);
    auto device = read_id(fs, address, "device", 4);
    if (!vendor || !device) return std::nullopt;
    identity.vendor = *vendor;
    identity.device = *device;
    identity.class_code = read_id(fs, address, "class", 6);
    add_sysfs_identity(fs, identity);
    add_iommu_group(fs, identity);
    return identity;
}

std::vector<DeviceIdentity> read_sysfs_identities(const HostFs& fs) {
    std::vector<DeviceIdentity> devices;
    for (const auto& name : fs.list("/sys/bus/pci/devices")) {
        auto address = PciAddress::parse(name);
        if (!address || address->str() != name) continue;
        if (auto identity = read_sysfs_identity(fs, *address)) devices.push_back(*identity);
    }
    return devices;
}

}  // namespace vpt
