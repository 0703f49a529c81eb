#include "core/pci_device.hpp"

#include <cstdio>

namespace vpt {

namespace {

constexpr uint32_t host_bridge = 0x0600;
constexpr uint32_t isa_bridge = 0x0601;
constexpr uint32_t cardbus_bridge = 0x0607;

uint32_t base_sub(uint32_t class_code) { return class_code >> 8; }

}  // namespace

bool is_bridge_class(uint32_t class_code) {
    switch (base_sub(class_code)) {
    case host_bridge:
    case isa_bridge:
    case 0x0604:
    case cardbus_bridge:
    case 0x0609:
        return true;
    default:
        return false;
    }
}

bool PciDevice::is_bridge() const {
    return pci_bridge_capability || (class_code && is_bridge_class(*class_code));
}

bool PciDevice::is_platform_bridge() const {
    return !pci_bridge_capability && class_code &&
           (base_sub(*class_code) == host_bridge || base_sub(*class_code) == isa_bridge);
}

std::string bridge_kind(const PciDevice& device) {
    uint32_t kind = device.class_code ? base_sub(*device.class_code) : 0;
    if (kind == host_bridge) return "a host bridge";
    if (kind == isa_bridge) return "an ISA/LPC bridge";
    if (kind == cardbus_bridge) return "a CardBus bridge";
    return "a PCI bridge or root port";
}

std::string class_description(uint32_t class_code) {
    struct Known {
        uint32_t base_sub;
        const char* text;
    };
    static constexpr Known known[] = {
        {0x0100, "SCSI controller"},     {0x0101, "IDE controller"},
        {0x0104, "RAID controller"},     {0x0106, "SATA controller"},
        {0x0107, "SAS controller"},      {0x0108, "NVMe controller"},
        {0x0200, "Ethernet controller"}, {0x0207, "InfiniBand controller"},
        {0x0280, "Network controller"},  {0x0300, "VGA controller"},
        {0x0302, "3D controller"},       {0x0380, "Display controller"},
        {0x0401, "Audio device"},        {0x0403, "Audio device"},
        {0x0500, "RAM memory"},          {0x0600, "Host bridge"},
        {0x0601, "ISA bridge"},          {0x0604, "PCI bridge"},
        {0x0607, "CardBus bridge"},      {0x0609, "PCI bridge"},
        {0x0700, "Serial controller"},   {0x0780, "Communication controller"},
        {0x0806, "IOMMU"},               {0x0880, "System peripheral"},
        {0x0c03, "USB controller"},      {0x0c05, "SMBus"},
        {0x1080, "Encryption controller"}, {0x1200, "Accelerator"},
    };
    uint32_t base_sub = class_code >> 8;
    for (const auto& k : known)
        if (k.base_sub == base_sub) return k.text;
    char buf[16];
    std::snprintf(buf, sizeof buf, "class %04x", base_sub);
    return buf;
}

}  // namespace vpt
