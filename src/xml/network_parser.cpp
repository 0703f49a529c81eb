#include "xml/network_parser.hpp"

#include <pugixml.hpp>

#include "xml/address_xml.hpp"

namespace vpt {

Result<NetworkInfo> parse_network(std::string_view xml) {
    pugi::xml_document doc;
    auto parsed = doc.load_buffer(xml.data(), xml.size());
    if (!parsed) return Failure{std::string("malformed network XML: ") + parsed.description()};
    auto network = doc.child("network");
    if (!network) return Failure{"network XML has no <network> root"};

    NetworkInfo info;
    info.name = network.child_value("name");
    auto forward = network.child("forward");
    info.forward_mode = forward.attribute("mode").value();
    if (auto pf = forward.child("pf")) info.pf_dev = pf.attribute("dev").value();
    for (auto address : forward.children("address")) {
        auto pci = read_address_attributes(address);
        if (!pci) return Failure{"network '" + info.name + "': " + pci.error()};
        info.addresses.push_back(*pci);
    }
    uint64_t tag;
    if (read_xml_number(network.child("vlan").child("tag").attribute("id").value(), tag))
        info.vlan = unsigned(tag);
    return info;
}

}  // namespace vpt
