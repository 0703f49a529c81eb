#include "xml/hostdev_xml.hpp"

#include "xml/xml_dom.hpp"
#include "xml/xml_templates.hpp"
#include "xml/xml_values.hpp"

namespace vpt {
namespace {

Result<bool> check(const HostdevSpec& spec) {
    if (spec.rom_file)
        if (auto ok = check_rom_file(*spec.rom_file); !ok) return ok;
    if (spec.boot_order)
        if (auto ok = check_boot_order(*spec.boot_order); !ok) return ok;
    if (spec.unassigned) {
        // Such a device is invisible to the guest: nothing to place, boot or
        // load a ROM from.
        if (spec.guest_address)
            return Failure{"an unassigned hostdev cannot also have a guest address"};
        if (spec.boot_order) return Failure{"an unassigned hostdev cannot be a boot device"};
        if (spec.rom_bar || spec.rom_file) return Failure{"an unassigned hostdev has no ROM to set"};
    }
    return true;
}

}  // namespace

Result<std::string> hostdev_xml(const HostdevSpec& spec) {
    if (auto ok = check(spec); !ok) return Failure{ok.error()};
    auto doc = load_template(xml_templates::hostdev_pci);
    auto hostdev = doc->child("hostdev");
    set_attribute(hostdev, "managed", spec.managed ? "yes" : "no");
    set_pci_address(hostdev.child("source").child("address"), spec.source);

    // libvirt's own order: boot, rom, address.
    if (spec.boot_order) hostdev.append_child("boot").append_attribute("order") = *spec.boot_order;
    if (spec.rom_bar || spec.rom_file) {
        auto rom = hostdev.append_child("rom");
        if (spec.rom_bar) rom.append_attribute("bar") = *spec.rom_bar ? "on" : "off";
        if (spec.rom_file) rom.append_attribute("file") = spec.rom_file->c_str();
    }
    if (spec.unassigned) {
        hostdev.append_child("address").append_attribute("type") = "unassigned";
    } else if (spec.guest_address) {
        append_pci_address(hostdev, *spec.guest_address);
    }
    return element_text(hostdev);
}

}  // namespace vpt
