#include "xml/address_xml.hpp"

#include <cerrno>
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

std::optional<PciAddress> source_pci_address(const pugi::xml_node& device) {
    auto address = device.child("source").child("address");
    if (!address) return std::nullopt;
    auto parsed = read_address_attributes(address);
    if (!parsed) return std::nullopt;
    return *parsed;
}

}  // namespace vpt
