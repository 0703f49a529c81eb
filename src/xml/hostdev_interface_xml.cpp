#include "xml/hostdev_interface_xml.hpp"

#include "xml/xml_dom.hpp"
#include "xml/xml_templates.hpp"
#include "xml/xml_values.hpp"

namespace vpt {
namespace {

Result<bool> check(const HostdevInterfaceSpec& spec) {
    if (!spec.mac.is_set()) return Failure{"a hostdev interface needs a MAC address"};
    if (spec.vlan)
        if (auto ok = check_vlan_id(*spec.vlan); !ok) return ok;
    if (spec.boot_order)
        if (auto ok = check_boot_order(*spec.boot_order); !ok) return ok;
    if (spec.virtualport) {
        if (auto ok = check_virtualport(*spec.virtualport); !ok) return ok;
        // libvirt (virhostdev.c) associates only 802.1Qbh port profiles with
        // a VF, and refuses a VLAN tag next to any port profile.
        if (spec.virtualport->type != "802.1Qbh")
            return Failure{"virtualport type " + spec.virtualport->type +
                           " is not supported on a hostdev interface (libvirt supports only "
                           "802.1Qbh there)"};
        if (spec.vlan)
            return Failure{"a hostdev interface cannot have both a VLAN and a virtualport "
                           "(the port profile sets the VLAN)"};
    }
    return true;
}

}  // namespace

Result<std::string> hostdev_interface_xml(const HostdevInterfaceSpec& spec) {
    if (auto ok = check(spec); !ok) return Failure{ok.error()};
    auto doc = load_template(xml_templates::interface_hostdev);
    auto interface = doc->child("interface");
    set_attribute(interface, "managed", spec.managed ? "yes" : "no");
    set_pci_address(interface.child("source").child("address"), spec.source);
    set_attribute(interface.child("mac"), "address", spec.mac.str());
    if (spec.vlan) append_vlan(interface, *spec.vlan);
    if (spec.virtualport) append_virtualport(interface, *spec.virtualport);
    if (spec.boot_order) interface.append_child("boot").append_attribute("order") = *spec.boot_order;
    if (spec.guest_address) {
        append_pci_address(interface, *spec.guest_address);
    }
    return element_text(interface);
}

}  // namespace vpt
