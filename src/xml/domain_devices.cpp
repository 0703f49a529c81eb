#include "xml/domain_devices.hpp"

#include <pugixml.hpp>

#include "xml/address_xml.hpp"

namespace vpt {
Result<DomainDevices> parse_domain_devices(std::string_view xml, bool active) {
    pugi::xml_document doc;
    auto parsed = doc.load_buffer(xml.data(), xml.size());
    if (!parsed) return Failure{std::string("malformed domain XML: ") + parsed.description()};
    auto domain = doc.child("domain");
    if (!domain) return Failure{"domain XML has no <domain> root"};

    DomainDevices result;
    result.guest = domain.child_value("name");
    auto hold = [&](const PciAddress& address, Holder::Kind kind,
                    std::optional<std::string> network = std::nullopt) {
        result.held.push_back({address, Holder{result.guest, kind, std::move(network), active}});
    };

    for (auto device : domain.child("devices").children()) {
        std::string_view tag = device.name();
        std::string_view type = device.attribute("type").value();
        if (tag == "hostdev" && type == "pci" &&
            std::string_view(device.attribute("mode").value()) != "capabilities") {
            auto address = source_pci_address(device);
            if (!address) continue;
            bool unassigned =
                std::string_view(device.child("address").attribute("type").value()) == "unassigned";
            hold(*address, unassigned ? Holder::Kind::placeholder : Holder::Kind::hostdev);
        } else if (tag == "interface" && (type == "hostdev" || type == "network")) {
            // A pool interface names its network in <source network=...>; once
            // running, some hypervisors also show the VF's address beside it.
            std::string network = device.child("source").attribute("network").value();
            if (!network.empty()) result.network_uses.push_back({result.guest, network, active});
            if (auto address = source_pci_address(device)) {
                if (network.empty())
                    hold(*address, Holder::Kind::interface);
                else
                    hold(*address, Holder::Kind::network, network);
            }
        }
    }
    return result;
}

}  // namespace vpt
