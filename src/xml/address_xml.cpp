#include "xml/address_xml.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace vpt {

bool read_xml_number(const char* text, uint64_t& out) {
    if (!text || !*text || *text == '-' || *text == '+') return false;
    char* end = nullptr;
    errno = 0;
    out = std::strtoull(text, &end, 0);
    return errno == 0 && *end == '\0';
}

Result<PciAddress> read_address_attributes(const pugi::xml_node& address) {
    uint64_t domain = 0, bus, slot, function;
    if (!address) return Failure{"no <address> element"};
    if (address.attribute("domain") && !read_xml_number(address.attribute("domain").value(), domain))
        return Failure{"malformed domain in <address>"};
    if (!read_xml_number(address.attribute("bus").value(), bus) ||
        !read_xml_number(address.attribute("slot").value(), slot) ||
        !read_xml_number(address.attribute("function").value(), function))
        return Failure{"malformed <address>: bus, slot and function are required"};
    return PciAddress::from_fields(domain, bus, slot, function);
}

void write_address_attributes(pugi::xml_node address, const PciAddress& pci) {
    char buf[8];
    auto set = [&](const char* name, const char* format, unsigned value) {
        std::snprintf(buf, sizeof buf, format, value);
        address.append_attribute(name) = buf;
    };
    set("domain", "0x%04x", pci.domain);
    set("bus", "0x%02x", pci.bus);
    set("slot", "0x%02x", pci.slot);
    set("function", "0x%x", pci.function);
}

}  // namespace vpt
