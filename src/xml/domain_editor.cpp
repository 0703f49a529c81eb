#include "xml/domain_editor.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <sstream>

#include "xml/address_xml.hpp"
#include "xml/xml_dom.hpp"

namespace vpt {
namespace {

// Kept as written: comments, PIs, CDATA, layout whitespace. Not applied:
// entity expansion, end-of-line and attribute whitespace normalisation, so
// that values are stored (and written back) exactly as in the input.
constexpr unsigned raw_parse = pugi::parse_cdata | pugi::parse_comments | pugi::parse_pi |
                               pugi::parse_declaration | pugi::parse_doctype | pugi::parse_ws_pcdata;

bool is_blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

bool is_layout(const pugi::xml_node& node) {
    return node && node.type() == pugi::node_pcdata && is_blank(node.value());
}

// `text` escaped for a raw attribute value or text written without escaping.
std::string escaped(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '\'': out += "&apos;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

// Raw attribute values must not hold the quote character the document is
// written with; libvirt's XML never does, a mixed-quote file may.
void fix_quotes(pugi::xml_node node, char quote) {
    const char* entity = quote == '\'' ? "&apos;" : "&quot;";
    for (auto attribute : node.attributes()) {
        std::string_view value = attribute.value();
        if (value.find(quote) == std::string_view::npos) continue;
        std::string fixed;
        for (char c : value) fixed += c == quote ? std::string(entity) : std::string(1, c);
        attribute.set_value(fixed.c_str());
    }
    for (auto child : node.children())
        if (child.type() == pugi::node_element) fix_quotes(child, quote);
}

std::string_view attr(const pugi::xml_node& node, const char* name) {
    return node.attribute(name).value();
}

// The source address of a <hostdev type='pci'> or <interface type='hostdev'>.
std::optional<PciAddress> pci_source(const pugi::xml_node& device) {
    std::string_view tag = device.name();
    bool pci_hostdev = tag == "hostdev" && attr(device, "type") == "pci" &&
                       attr(device, "mode") != "capabilities";
    bool hostdev_interface = tag == "interface" && attr(device, "type") == "hostdev";
    if (!pci_hostdev && !hostdev_interface) return std::nullopt;
    if (hostdev_interface && attr(device.child("source").child("address"), "type") != "pci")
        return std::nullopt;
    return source_pci_address(device);
}

// The indentation of `node`: the blanks after the last newline of the layout
// text just before it ("" when there is none).
std::string indent_of(const pugi::xml_node& node) {
    auto before = node.previous_sibling();
    if (!is_layout(before)) return "";
    std::string_view text = before.value();
    auto newline = text.rfind('\n');
    return newline == std::string_view::npos ? "" : std::string(text.substr(newline + 1));
}

// The namespace URI of an element, from the xmlns declarations on it and
// its ancestors (raw values: a URI holds no entity worth expanding).
std::string_view namespace_of(const pugi::xml_node& element) {
    std::string_view name = element.name();
    auto colon = name.find(':');
    std::string declaration = colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
    for (auto node = element; node && node.type() == pugi::node_element; node = node.parent())
        if (auto attribute = node.attribute(declaration.c_str())) return attribute.value();
    return {};
}

pugi::xml_node metadata_child(const pugi::xml_node& root, std::string_view uri) {
    for (auto child : root.child("metadata").children())
        if (child.type() == pugi::node_element && namespace_of(child) == uri) return child;
    return {};
}

}  // namespace

struct DomainEditor::Impl {
    pugi::xml_document doc;
    std::string prologue;  // input text before the root element, as written
    std::string epilogue;  // input text after it
    char quote = '\'';
    bool exact = true;
    bool changed = false;
    std::string unit = "  ";  // one level of indentation

    pugi::xml_node root() const { return doc.document_element(); }

    unsigned output_flags() const {
        return pugi::format_raw | pugi::format_no_escapes |
               (quote == '\'' ? pugi::format_attribute_single_quote : 0u);
    }

    std::string text_of(const pugi::xml_node& node) const {
        std::ostringstream out;
        node.print(out, "", output_flags());
        return out.str();
    }

    // Whether `parent` is laid out over lines (else new children go inline).
    bool laid_out(const pugi::xml_node& parent) const {
        if (!parent.first_child()) return !indent_of(parent).empty() || parent == root();
        for (auto child : parent.children())
            if (is_layout(child) && std::string_view(child.value()).find('\n') != std::string_view::npos)
                return true;
        return false;
    }

    // The indentation of `parent`'s children.
    std::string child_indent(const pugi::xml_node& parent) const {
        for (auto child : parent.children())
            if (child.type() == pugi::node_element) return indent_of(child);
        return indent_of(parent) + unit;
    }

    // Copies `element` into `parent` after `after` (at the end when null),
    // indented like its siblings.
    pugi::xml_node insert(pugi::xml_node parent, const pugi::xml_node& element,
                          pugi::xml_node after = pugi::xml_node()) {
        bool layout = laid_out(parent);
        std::string indent = child_indent(parent);
        pugi::xml_node placed;
        if (!after) {
            // After the last element (or non-layout node), before the closing layout.
            pugi::xml_node last = parent.last_child();
            while (is_layout(last)) last = last.previous_sibling();
            after = last;
        }
        if (after) {
            placed = parent.insert_copy_after(element, after);
            if (layout)
                parent.insert_child_before(pugi::node_pcdata, placed).set_value(("\n" + indent).c_str());
        } else {
            bool had_children = bool(parent.first_child());
            placed = parent.prepend_copy(element);
            if (layout) {
                parent.insert_child_before(pugi::node_pcdata, placed).set_value(("\n" + indent).c_str());
                if (!had_children)
                    parent.append_child(pugi::node_pcdata).set_value(("\n" + indent_of(parent)).c_str());
            }
        }
        if (layout) lay_out(placed, indent, unit);
        fix_quotes(placed, quote);
        changed = true;
        return placed;
    }

    // Removes `node` and the layout text that indented it.
    void remove(pugi::xml_node node) {
        auto parent = node.parent();
        auto before = node.previous_sibling();
        if (is_layout(before)) parent.remove_child(before);
        parent.remove_child(node);
        changed = true;
    }

    pugi::xml_node devices() {
        auto found = root().child("devices");
        if (found) return found;
        pugi::xml_document tmp;
        tmp.append_child("devices");
        return insert(root(), tmp.first_child());
    }

    // Sets a raw attribute value; true when it changed.
    bool set(pugi::xml_node node, const char* name, std::string_view value) {
        std::string raw = escaped(value);
        auto attribute = node.attribute(name);
        if (attribute && raw == attribute.value()) return false;
        if (!attribute) attribute = node.append_attribute(name);
        attribute.set_value(raw.c_str());
        changed = true;
        return true;
    }
};

DomainEditor::DomainEditor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DomainEditor::DomainEditor(DomainEditor&&) noexcept = default;
DomainEditor& DomainEditor::operator=(DomainEditor&&) noexcept = default;
DomainEditor::~DomainEditor() = default;

Result<DomainEditor> DomainEditor::load(std::string_view domain_xml) {
    auto impl = std::make_unique<Impl>();
    auto parsed = impl->doc.load_buffer(domain_xml.data(), domain_xml.size(), raw_parse,
                                        pugi::encoding_utf8);
    if (!parsed) return Failure{std::string("malformed domain XML: ") + parsed.description()};
    auto root = impl->root();
    if (!root || std::string_view(root.name()) != "domain")
        return Failure{"domain XML has no <domain> root"};

    // The quote style of the root's first attribute is the document's.
    std::ptrdiff_t name_at = root.offset_debug();  // just after '<'
    if (name_at < 1 || size_t(name_at) > domain_xml.size())
        return Failure{"cannot locate the <domain> element in the XML"};
    size_t start = size_t(name_at) - 1;
    if (auto first = root.first_attribute()) {
        std::string_view tag = domain_xml.substr(start);
        auto eq = tag.find('=');
        if (eq != std::string_view::npos) {
            auto quote_at = tag.find_first_not_of(" \t\r\n", eq + 1);
            if (quote_at != std::string_view::npos && tag[quote_at] == '"') impl->quote = '"';
        }
    }
    fix_quotes(root, impl->quote);

    // One level of indentation, from the root's first indented child.
    for (auto child : root.children())
        if (child.type() == pugi::node_element) {
            if (auto indent = indent_of(child); !indent.empty()) impl->unit = indent;
            break;
        }

    impl->prologue = std::string(domain_xml.substr(0, start));
    std::string body = impl->text_of(root);
    if (domain_xml.substr(start, body.size()) == body) {
        impl->epilogue = std::string(domain_xml.substr(start + body.size()));
    } else {
        // Not reproducible byte for byte (e.g. mixed quotes): keep what follows
        // the root's end tag. Only comments, PIs and blanks may follow it (a
        // comment may hold "</domain>"), so its '>' is the last one before
        // the first of them, or in the whole text when none follows.
        impl->exact = false;
        size_t limit = domain_xml.size();
        if (auto next = root.next_sibling(); next && next.offset_debug() > 0)
            limit = domain_xml.rfind('<', size_t(next.offset_debug()));
        auto close = limit == std::string_view::npos || limit == 0 ? std::string_view::npos
                                                                    : domain_xml.rfind('>', limit - 1);
        impl->epilogue = close == std::string_view::npos ? "" : std::string(domain_xml.substr(close + 1));
    }
    return DomainEditor(std::move(impl));
}

std::string DomainEditor::xml() const {
    return impl_->prologue + impl_->text_of(impl_->root()) + impl_->epilogue;
}

bool DomainEditor::round_trips_exactly() const { return impl_->exact; }

bool DomainEditor::changed() const { return impl_->changed; }

Result<bool> DomainEditor::add_device(std::string_view device_xml) {
    pugi::xml_document device;
    auto parsed = device.load_buffer(device_xml.data(), device_xml.size(),
                                     raw_parse & ~pugi::parse_ws_pcdata, pugi::encoding_utf8);
    if (!parsed) return Failure{std::string("malformed device XML: ") + parsed.description()};
    if (!device.document_element()) return Failure{"device XML has no element"};
    impl_->insert(impl_->devices(), device.document_element());
    return true;
}

std::vector<std::string> DomainEditor::remove_pci_devices(const std::vector<PciAddress>& addresses) {
    std::vector<std::string> removed;
    std::vector<pugi::xml_node> doomed;
    for (auto device : impl_->root().child("devices").children()) {
        auto source = pci_source(device);
        if (source && std::find(addresses.begin(), addresses.end(), *source) != addresses.end())
            doomed.push_back(device);
    }
    for (auto device : doomed) {
        removed.push_back(impl_->text_of(device));
        impl_->remove(device);
    }
    return removed;
}

std::optional<std::string> DomainEditor::find_pci_device(const PciAddress& address) const {
    for (auto device : impl_->root().child("devices").children())
        if (auto source = pci_source(device); source && *source == address)
            return impl_->text_of(device);
    return std::nullopt;
}

std::optional<std::string> DomainEditor::metadata_element(std::string_view uri) const {
    auto element = metadata_child(impl_->root(), uri);
    if (!element) return std::nullopt;
    return impl_->text_of(element);
}

Result<bool> DomainEditor::set_metadata_element(std::string_view uri, std::string_view element_xml) {
    pugi::xml_document element;
    auto parsed = element.load_buffer(element_xml.data(), element_xml.size(), raw_parse & ~pugi::parse_ws_pcdata,
                                      pugi::encoding_utf8);
    if (!parsed) return Failure{std::string("malformed metadata XML: ") + parsed.description()};
    if (!element.document_element() || namespace_of(element.document_element()) != uri)
        return Failure{"metadata element is not in namespace " + std::string(uri)};
    auto root = impl_->root();
    auto metadata = root.child("metadata");
    if (!metadata) {
        pugi::xml_node after;
        for (const char* name : {"name", "uuid", "genid", "title", "description"})
            if (auto found = root.child(name)) after = found;
        pugi::xml_document tmp;
        tmp.append_child("metadata");
        metadata = after ? impl_->insert(root, tmp.first_child(), after) : impl_->insert(root, tmp.first_child());
    }
    auto old = metadata_child(root, uri);
    impl_->insert(metadata, element.document_element(), old);
    if (old) impl_->remove(old);
    return true;
}

bool DomainEditor::remove_metadata_element(std::string_view uri) {
    auto root = impl_->root();
    auto old = metadata_child(root, uri);
    if (!old) return false;
    auto metadata = old.parent();
    impl_->remove(old);
    bool empty = true;
    for (auto child : metadata.children()) empty = empty && is_layout(child);
    if (empty) impl_->remove(metadata);
    return true;
}

Result<bool> DomainEditor::set_firmware_efi() {
    auto os = impl_->root().child("os");
    if (!os) return Failure{"the guest's XML has no <os> element"};
    // A guest that names its firmware by hand (<loader type='pflash'>, as
    // OVMF setups did before firmware autoselection) already boots UEFI;
    // libvirt refuses firmware='efi' beside a loader with readonly/type set.
    if (attr(os.child("loader"), "type") == "pflash") return false;
    return impl_->set(os, "firmware", "efi");
}

Result<bool> DomainEditor::set_machine_q35() {
    auto type = impl_->root().child("os").child("type");
    if (!type) return Failure{"the guest's XML has no <os><type> element"};
    std::string_view machine = attr(type, "machine");
    if (machine == "q35" || machine.find("-q35") != std::string_view::npos) return false;
    // An i440fx guest's PCI layout (pci-root, its controllers and device
    // addresses) is not valid on q35, and rebuilding it is more than a
    // machine attribute: libvirt would refuse the result. Say so instead.
    for (auto controller : impl_->root().child("devices").children("controller"))
        if (attr(controller, "type") == "pci" && attr(controller, "model") == "pci-root")
            return Failure{"its PCI layout is i440fx's (a pci-root controller): moving it to q35 means "
                           "re-creating its controllers and device addresses (virt-manager or virt-install can), "
                           "not just the machine type"};
    return impl_->set(type, "machine", "q35");
}

Result<bool> DomainEditor::add_intel_iommu() {
    auto iommu = impl_->root().child("devices").child("iommu");
    if (!iommu) {
        pugi::xml_document tmp;
        auto element = tmp.append_child("iommu");
        element.append_attribute("model") = "intel";
        auto driver = element.append_child("driver");
        driver.append_attribute("intremap") = "on";
        driver.append_attribute("caching_mode") = "on";
        impl_->insert(impl_->devices(), element);
        return true;
    }
    if (attr(iommu, "model") != "intel")
        return Failure{"the guest already has an <iommu model='" + std::string(attr(iommu, "model")) +
                       "'>; vpt sets up only the intel model"};
    auto driver = iommu.child("driver");
    if (!driver) {
        pugi::xml_document tmp;
        tmp.append_child("driver");
        driver = impl_->insert(iommu, tmp.first_child());
    }
    bool changed = impl_->set(driver, "intremap", "on");
    changed = impl_->set(driver, "caching_mode", "on") || changed;
    return changed;
}

Result<bool> DomainEditor::set_ioapic_qemu() {
    auto root = impl_->root();
    auto features = root.child("features");
    if (!features) {
        pugi::xml_document tmp;
        tmp.append_child("features").append_child("ioapic").append_attribute("driver") = "qemu";
        impl_->insert(root, tmp.first_child(), root.child("os"));
        return true;
    }
    auto ioapic = features.child("ioapic");
    if (!ioapic) {
        pugi::xml_document tmp;
        tmp.append_child("ioapic").append_attribute("driver") = "qemu";
        impl_->insert(features, tmp.first_child());
        return true;
    }
    return impl_->set(ioapic, "driver", "qemu");
}

Result<bool> DomainEditor::set_pcihole64(uint64_t kib) {
    auto root = impl_->root();
    std::string_view machine = attr(root.child("os").child("type"), "machine");
    const char* model = nullptr;
    if (machine.find("q35") != std::string_view::npos) model = "pcie-root";
    else if (machine == "pc" || machine.rfind("pc-i440fx", 0) == 0) model = "pci-root";
    else
        return Failure{"a 64-bit PCI window size needs the q35 or i440fx machine type, not '" + std::string(machine) +
                       "'"};
    auto devices = impl_->devices();
    pugi::xml_node controller;
    for (auto candidate : devices.children("controller"))
        if (attr(candidate, "type") == "pci" && attr(candidate, "model") == model) controller = candidate;
    if (!controller) {
        pugi::xml_document tmp;
        auto element = tmp.append_child("controller");
        element.append_attribute("type") = "pci";
        element.append_attribute("index") = "0";
        element.append_attribute("model") = model;
        controller = impl_->insert(devices, element);
    }
    std::string value = std::to_string(kib);
    auto hole = controller.child("pcihole64");
    if (hole) {
        std::string_view unit = attr(hole, "unit");
        if ((unit.empty() || unit == "KiB") && std::string_view(hole.child_value()) == value) return false;
        impl_->remove(hole);
    }
    pugi::xml_document tmp;
    auto element = tmp.append_child("pcihole64");
    element.append_attribute("unit") = "KiB";
    element.append_child(pugi::node_pcdata).set_value(value.c_str());
    impl_->insert(controller, element);
    return true;
}

}  // namespace vpt
