#include "xml/network_interface_xml.hpp"

#include "xml/xml_dom.hpp"
#include "xml/xml_templates.hpp"
#include "xml/xml_values.hpp"

namespace vpt {

Result<std::string> network_interface_xml(const NetworkInterfaceSpec& spec) {
    if (auto ok = check_object_name("network name", spec.network); !ok) return Failure{ok.error()};
    if (spec.mac && !spec.mac->is_set()) return Failure{"MAC address 00:00:00:00:00:00 is not usable"};
    if (spec.vlan)
        if (auto ok = check_vlan_id(*spec.vlan); !ok) return Failure{ok.error()};

    auto doc = load_template(xml_templates::interface_network);
    auto interface = doc->child("interface");
    set_attribute(interface.child("source"), "network", spec.network);
    if (spec.mac)
        set_attribute(interface.child("mac"), "address", spec.mac->str());
    else
        interface.remove_child("mac");
    if (spec.vlan) append_vlan(interface, *spec.vlan);
    return element_text(interface);
}

}  // namespace vpt
