#include "xml/hotplug_controllers.hpp"

#include "xml/pci_slots.hpp"

namespace vpt {
namespace {

constexpr const char* root_port_xml = "<controller type='pci' model='pcie-root-port'/>";
constexpr const char* pci_bridge_xml = "<controller type='pci' model='pcie-to-pci-bridge'/>";

Result<HotplugSlots> q35_slots(const DomainEditor& editor) {
    auto slots = hotplug_slots(editor.xml());
    if (!slots) return Failure{slots.error()};
    if (!slots->q35) return Failure{"hot-plug controllers are for the q35 machine"};
    return slots;
}

}  // namespace

Result<bool> ensure_free_root_ports(DomainEditor& editor, unsigned wanted) {
    auto slots = q35_slots(editor);
    if (!slots) return Failure{slots.error()};
    for (unsigned free = slots->free_ports; free < wanted; ++free)
        if (auto added = editor.add_device(root_port_xml); !added) return Failure{added.error()};
    return slots->free_ports < wanted;
}

Result<bool> ensure_pci_bridge(DomainEditor& editor) {
    auto slots = q35_slots(editor);
    if (!slots) return Failure{slots.error()};
    if (slots->free_pci_slots > 0) return false;
    // The bridge is a PCIe device itself: the new root port keeps the free
    // ports as they were, whichever one libvirt puts it in.
    for (const char* xml : {root_port_xml, pci_bridge_xml})
        if (auto added = editor.add_device(xml); !added) return Failure{added.error()};
    return true;
}

}  // namespace vpt
