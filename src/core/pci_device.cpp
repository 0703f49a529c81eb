#include "core/pci_device.hpp"

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

}  // namespace vpt
