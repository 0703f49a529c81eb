#include "xml/pool_network_xml.hpp"

#include <algorithm>

#include "xml/xml_dom.hpp"
#include "xml/xml_templates.hpp"
#include "xml/xml_values.hpp"

namespace vpt {
namespace {

Result<bool> check(const PoolSpec& spec) {
    if (auto ok = check_object_name("pool name", spec.name); !ok) return ok;
    if (spec.pf_dev.has_value() == !spec.vfs.empty())
        return Failure{"a VF pool needs either a PF interface or a list of VFs, not both"};
    if (spec.pf_dev)
        if (auto ok = check_interface_name(*spec.pf_dev); !ok) return ok;
    auto sorted = spec.vfs;
    std::sort(sorted.begin(), sorted.end());
    if (auto repeat = std::adjacent_find(sorted.begin(), sorted.end()); repeat != sorted.end())
        return Failure{"VF " + repeat->str() + " is listed twice"};
    if (spec.vlan)
        if (auto ok = check_vlan_id(*spec.vlan); !ok) return ok;
    return true;
}

}  // namespace

Result<std::string> pool_network_xml(const PoolSpec& spec) {
    if (auto ok = check(spec); !ok) return Failure{ok.error()};
    auto doc = load_template(xml_templates::network_hostdev_pool);
    auto network = doc->child("network");
    network.child("name").text().set(spec.name.c_str());
    auto forward = network.child("forward");
    if (spec.pf_dev) forward.append_child("pf").append_attribute("dev") = spec.pf_dev->c_str();
    for (const auto& vf : spec.vfs) {
        append_pci_address(forward, vf);
    }
    if (spec.vlan) append_vlan(network, *spec.vlan);
    return element_text(network);
}

}  // namespace vpt
