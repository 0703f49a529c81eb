#include "xml/xml_dom.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/text_fields.hpp"

namespace vpt {
namespace {

// Copies `from` into `to`, attributes sorted; text and CDATA become text.
void copy_canonical(const pugi::xml_node& from, pugi::xml_node to) {
    std::vector<std::pair<std::string, std::string>> attributes;
    for (auto attribute : from.attributes()) attributes.emplace_back(attribute.name(), attribute.value());
    std::sort(attributes.begin(), attributes.end());
    for (const auto& [name, value] : attributes) to.append_attribute(name.c_str()) = value.c_str();
    for (auto child : from.children()) {
        switch (child.type()) {
        case pugi::node_element:
            copy_canonical(child, to.append_child(child.name()));
            break;
        case pugi::node_pcdata:
        case pugi::node_cdata:
            to.append_child(pugi::node_pcdata).set_value(child.value());
            break;
        default:
            break;
        }
    }
}

}  // namespace

std::unique_ptr<pugi::xml_document> load_template(std::string_view text) {
    auto doc = std::make_unique<pugi::xml_document>();
    auto parsed = doc->load_buffer(text.data(), text.size());
    if (!parsed || !doc->document_element())
        throw std::logic_error(std::string("malformed embedded XML template: ") + parsed.description());
    return doc;
}

void lay_out(pugi::xml_node element, const std::string& indent, const std::string& unit) {
    std::vector<pugi::xml_node> children;
    for (auto child : element.children())
        if (child.type() == pugi::node_element) children.push_back(child);
    if (children.empty()) return;
    for (auto child : children) {
        element.insert_child_before(pugi::node_pcdata, child).set_value(("\n" + indent + unit).c_str());
        lay_out(child, indent + unit, unit);
    }
    element.append_child(pugi::node_pcdata).set_value(("\n" + indent).c_str());
}

std::string element_text(const pugi::xml_node& element) {
    // pugixml's own indentation writes "<a />"; libvirt writes "<a/>". So the
    // layout is added as text and the copy printed raw.
    pugi::xml_document copy;
    lay_out(copy.append_copy(element), "");
    std::ostringstream out;
    copy.document_element().print(out, "", pugi::format_raw | pugi::format_attribute_single_quote);
    out << '\n';
    return out.str();
}

void set_attribute(pugi::xml_node element, const char* name, std::string_view value) {
    auto attribute = element.attribute(name);
    if (!attribute) attribute = element.append_attribute(name);
    attribute.set_value(std::string(value).c_str());
}

void set_pci_address(pugi::xml_node address, const PciAddress& pci) {
    char buf[8];
    auto set = [&](const char* name, const char* format, unsigned value) {
        std::snprintf(buf, sizeof buf, format, value);
        set_attribute(address, name, buf);
    };
    set("domain", "0x%04x", pci.domain);
    set("bus", "0x%02x", pci.bus);
    set("slot", "0x%02x", pci.slot);
    set("function", "0x%x", pci.function);
}

void append_vlan(pugi::xml_node parent, unsigned id) {
    parent.append_child("vlan").append_child("tag").append_attribute("id") = id;
}

void append_pci_address(pugi::xml_node parent, const PciAddress& pci) {
    auto address = parent.append_child("address");
    address.append_attribute("type") = "pci";
    set_pci_address(address, pci);
}

namespace {


// `current` holds `written`: the same name, written's attributes with their
// values and its text, and each of its child elements held by a child of
// current's of its own (in any order: libvirt orders devices by kind).
bool element_holds(const pugi::xml_node& current, const pugi::xml_node& written) {
    if (std::string_view(current.name()) != written.name()) return false;
    for (const auto& attribute : written.attributes())
        if (std::string_view(current.attribute(attribute.name()).as_string("\x01")) != attribute.value()) return false;
    if (trimmed(current.child_value()) != trimmed(written.child_value())) return false;
    std::vector<pugi::xml_node> unused;
    for (const auto& child : current.children())
        if (child.type() == pugi::node_element) unused.push_back(child);
    for (const auto& child : written.children()) {
        if (child.type() != pugi::node_element) continue;
        auto held = std::find_if(unused.begin(), unused.end(),
                                 [&](const pugi::xml_node& candidate) { return element_holds(candidate, child); });
        if (held == unused.end()) return false;
        unused.erase(held);
    }
    return true;
}

}  // namespace

bool holds_all_of(std::string_view current, std::string_view written) {
    pugi::xml_document current_doc, written_doc;
    if (!current_doc.load_buffer(current.data(), current.size()) ||
        !written_doc.load_buffer(written.data(), written.size()))
        return false;
    if (!current_doc.document_element() || !written_doc.document_element()) return false;
    return element_holds(current_doc.document_element(), written_doc.document_element());
}

Result<std::string> canonical_xml(std::string_view xml) {
    pugi::xml_document in;
    auto parsed = in.load_buffer(xml.data(), xml.size());
    if (!parsed) return Failure{std::string("malformed XML: ") + parsed.description()};
    if (!in.document_element()) return Failure{"malformed XML: no root element"};
    pugi::xml_document out;
    copy_canonical(in.document_element(), out.append_child(in.document_element().name()));
    std::ostringstream text;
    out.save(text, "", pugi::format_raw | pugi::format_no_declaration);
    return text.str();
}

}  // namespace vpt
