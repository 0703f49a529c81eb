#include "xml/pci_slots.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "xml/address_xml.hpp"

namespace vpt {

namespace {
constexpr uint64_t unnumbered = ~uint64_t(0);  // no bus has this number
}  // namespace

Result<HotplugSlots> hotplug_slots(std::string_view domain_xml) {
    pugi::xml_document doc;
    if (!doc.load_buffer(domain_xml.data(), domain_xml.size())) return Failure{"malformed domain XML"};
    auto domain = doc.child("domain");
    HotplugSlots slots;
    std::string machine = domain.child("os").child("type").attribute("machine").value();
    slots.q35 = machine.find("q35") != std::string::npos;

    // What sits on each bus: <address type='pci' bus='0x..' slot='0x..'>
    // anywhere under <devices> (a controller's own address is on its parent).
    std::map<uint64_t, std::set<uint64_t>> used_slots;
    std::vector<uint64_t> root_ports, pci_bridges;
    for (auto device : domain.child("devices").children()) {
        for (auto address : device.children("address")) {
            uint64_t bus, slot = 0;
            if (std::string_view(address.attribute("type").value()) == "pci" &&
                read_xml_number(address.attribute("bus").value(), bus)) {
                read_xml_number(address.attribute("slot").value(), slot);
                used_slots[bus].insert(slot);
            }
        }
        if (std::string_view(device.name()) != "controller" ||
            std::string_view(device.child("target").attribute("hotplug").value()) == "off")
            continue;
        std::string_view model = device.attribute("model").value();
        // A controller without an index was just added to a config and not
        // yet defined: libvirt numbers it then, and nothing sits behind it.
        uint64_t index = unnumbered;
        if (*device.attribute("index").value() && !read_xml_number(device.attribute("index").value(), index))
            continue;
        if (model == "pcie-root-port") root_ports.push_back(index);
        if (model == "pcie-to-pci-bridge" || model == "pci-bridge") pci_bridges.push_back(index);
    }
    for (uint64_t index : root_ports)
        if (!used_slots.count(index)) ++slots.free_ports;
    for (uint64_t index : pci_bridges) {
        const auto& used = used_slots[index];
        slots.free_pci_slots += 31 - unsigned(std::count_if(used.begin(), used.end(),
                                                            [](uint64_t slot) { return slot >= 1 && slot <= 31; }));
    }
    return slots;
}

}  // namespace vpt
