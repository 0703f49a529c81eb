#include "host/libvirt_facts.hpp"

#include <pugixml.hpp>

namespace vpt {
namespace {

std::vector<std::string> enum_values(const pugi::xml_node& parent, const char* name) {
    std::vector<std::string> values;
    auto node = parent.find_child_by_attribute("enum", "name", name);
    for (auto value : node.children("value")) values.emplace_back(value.child_value());
    return values;
}

}  // namespace

Result<DomainCaps> parse_domain_caps(std::string_view xml) {
    pugi::xml_document doc;
    auto parsed = doc.load_buffer(xml.data(), xml.size());
    if (!parsed) return Failure{std::string("cannot parse domain capabilities: ") + parsed.description()};
    auto root = doc.child("domainCapabilities");
    if (!root) return Failure{"not a <domainCapabilities> document"};
    DomainCaps caps;
    caps.machine = root.child_value("machine");
    auto os = root.child("os");
    caps.firmware = enum_values(os, "firmware");
    for (auto value : os.child("loader").children("value")) caps.loaders.emplace_back(value.child_value());
    auto hostdev = root.child("devices").child("hostdev");
    caps.hostdev_supported = std::string_view(hostdev.attribute("supported").value()) == "yes";
    caps.pci_backends = enum_values(hostdev, "pciBackend");
    return caps;
}

std::string version_text(unsigned long version) {
    return std::to_string(version / 1000000) + "." + std::to_string(version / 1000 % 1000) + "." +
           std::to_string(version % 1000);
}

bool uri_is_session(std::string_view uri) {
    auto scheme_end = uri.find("://");
    if (scheme_end == std::string_view::npos) return false;
    auto rest = uri.substr(scheme_end + 3);
    auto slash = rest.find('/');
    if (slash == std::string_view::npos) return false;
    auto path = rest.substr(slash);
    return path.substr(0, path.find('?')) == "/session";
}

}  // namespace vpt
