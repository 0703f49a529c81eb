#include "xml/pci_slots.hpp"

#include <pugixml.hpp>
#include <set>
#include <string>

#include "xml/address_xml.hpp"

namespace vpt {

Result<HotplugSlots> hotplug_slots(std::string_view domain_xml) {
    pugi::xml_document doc;
    if (!doc.load_buffer(domain_xml.data(), domain_xml.size())) return Failure{"malformed domain XML"};
    auto domain = doc.child("domain");
    HotplugSlots slots;
    std::string machine = domain.child("os").child("type").attribute("machine").value();
    slots.q35 = machine.find("q35") != std::string::npos;

    // Buses that something sits on: <address type='pci' bus='0x..'> anywhere
    // under <devices> except a controller's own address of its index.
    std::set<uint64_t> used_buses;
    std::set<uint64_t> free_candidates;
    for (auto device : domain.child("devices").children()) {
        for (auto address : device.children("address")) {
            uint64_t bus;
            if (std::string_view(address.attribute("type").value()) == "pci" &&
                read_xml_number(address.attribute("bus").value(), bus))
                used_buses.insert(bus);
        }
        if (std::string_view(device.name()) != "controller" ||
            std::string_view(device.attribute("model").value()) != "pcie-root-port")
            continue;
        if (std::string_view(device.child("target").attribute("hotplug").value()) == "off") continue;
        uint64_t index;
        if (read_xml_number(device.attribute("index").value(), index)) free_candidates.insert(index);
    }
    for (uint64_t index : free_candidates)
        if (!used_buses.count(index)) ++slots.free_ports;
    return slots;
}

}  // namespace vpt
