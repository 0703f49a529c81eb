#include "xml/identity_record.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <set>

#include "core/command_text.hpp"
#include "core/pci_serial_number.hpp"
#include "xml/xml_dom.hpp"

namespace vpt {
namespace {

// Enough for any real IOMMU group and any real guest; a record beyond it is
// not one vpt wrote.
constexpr size_t max_records = 256;
constexpr size_t max_members = 256;


// "0x" and exactly `digits` lower-case hex digits, as vpt writes them.
Result<uint32_t> read_hex(const pugi::xml_node& element, const char* name, int digits) {
    std::string_view text = element.attribute(name).value();
    bool ok = text.size() == size_t(digits) + 2 && text.starts_with("0x");
    uint32_t value = 0;
    for (size_t i = 2; ok && i < text.size(); ++i) {
        char c = text[i];
        ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        value = value * 16 + uint32_t(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    if (!ok) return Failure{std::string("bad ") + name + " '" + std::string(text.substr(0, 16)) + "'"};
    return value;
}

// Only the form vpt writes, "0000:19:00.0": PciAddress::parse alone would
// take the user's short forms too.
Result<PciAddress> read_address(const pugi::xml_node& element) {
    std::string_view text = element.attribute("address").value();
    auto address = PciAddress::parse(text);
    if (!address || address->str() != text)
        return Failure{"bad address '" + std::string(text.substr(0, 20)) + "'"};
    return *address;
}

// The names an element may have: "PREFIX:local" with the record's prefix.
struct Names {
    std::string prefix;
    std::string of(const char* local) const { return prefix.empty() ? local : prefix + ":" + local; }
};

// No attributes but `allowed`, no text but blanks (unless `text_allowed`),
// no child elements but `children`.
Result<bool> check_shape(const pugi::xml_node& element, std::initializer_list<const char*> allowed,
                         std::initializer_list<std::string> children, bool text_allowed = false) {
    for (auto attribute : element.attributes()) {
        std::string_view name = attribute.name();
        if (name.starts_with("xmlns")) continue;
        if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; }))
            return Failure{"unexpected attribute '" + std::string(name.substr(0, 30)) + "'"};
    }
    for (auto child : element.children()) {
        if (child.type() == pugi::node_pcdata &&
            (text_allowed || std::string_view(child.value()).find_first_not_of(" \t\r\n") == std::string_view::npos))
            continue;
        if (child.type() == pugi::node_comment) continue;
        if (child.type() != pugi::node_element ||
            std::none_of(children.begin(), children.end(), [&](const std::string& c) { return c == child.name(); }))
            return Failure{"unexpected content in <" + std::string(element.name()).substr(0, 30) + ">"};
    }
    return true;
}

Result<DeviceSerial> read_serial(const pugi::xml_node& element) {
    auto shape = check_shape(element, {"type"}, {}, true);
    if (!shape) return Failure{shape.error()};
    std::string_view type = element.attribute("type").value();
    // All of the text, as libvirt and any XML reader see it: pugixml's
    // text() is only the first piece, and a comment splits the text in two.
    std::string value;
    for (auto child : element.children())
        if (child.type() == pugi::node_pcdata) value += child.value();
    if (type == "dsn" && is_device_serial_number(value)) return DeviceSerial{DeviceSerial::Kind::dsn, value};
    if (type == "vpd" && is_vpd_serial(value)) return DeviceSerial{DeviceSerial::Kind::vpd, value};
    return Failure{"bad serial of type '" + std::string(type.substr(0, 10)) + "'"};
}

Result<bool> read_group(const pugi::xml_node& element, const Names& names, DeviceIdentity& identity) {
    auto shape = check_shape(element, {"number"}, {names.of("member")});
    if (!shape) return shape;
    std::string_view number = element.attribute("number").value();
    if (number.empty() || number.size() > 6 || number.find_first_not_of("0123456789") != std::string_view::npos)
        return Failure{"bad IOMMU group number"};
    identity.iommu_group = std::stoi(std::string(number));
    const std::string member_name = names.of("member");  // pugixml keeps the pointer while iterating
    for (auto member : element.children(member_name.c_str())) {
        if (identity.group_members.size() == max_members) return Failure{"too many IOMMU group members"};
        auto member_shape = check_shape(member, {"address"}, {});
        if (!member_shape) return member_shape;
        auto address = read_address(member);
        if (!address) return Failure{"IOMMU group member: " + address.error()};
        identity.group_members.push_back(*address);
    }
    return true;
}

Result<DeviceIdentity> read_device(const pugi::xml_node& element, const Names& names) {
    auto shape = check_shape(element,
                             {"address", "vendor", "device", "subsystem_vendor", "subsystem_device", "class", "companion"},
                             {names.of("serial"), names.of("iommuGroup")});
    if (!shape) return Failure{shape.error()};
    DeviceIdentity identity;
    auto address = read_address(element);
    if (!address) return Failure{address.error()};
    identity.address = *address;
    auto fail = [&](const std::string& why) { return Failure{"device " + identity.address.str() + ": " + why}; };
    auto vendor = read_hex(element, "vendor", 4);
    auto device = read_hex(element, "device", 4);
    if (!vendor) return fail(vendor.error());
    if (!device) return fail(device.error());
    identity.vendor = *vendor;
    identity.device = *device;
    bool has_sub_vendor = bool(element.attribute("subsystem_vendor")), has_sub_device = bool(element.attribute("subsystem_device"));
    if (has_sub_vendor != has_sub_device) return fail("subsystem_vendor and subsystem_device go together");
    if (has_sub_vendor) {
        auto sub_vendor = read_hex(element, "subsystem_vendor", 4);
        auto sub_device = read_hex(element, "subsystem_device", 4);
        if (!sub_vendor) return fail(sub_vendor.error());
        if (!sub_device) return fail(sub_device.error());
        identity.subsystem_vendor = *sub_vendor;
        identity.subsystem_device = *sub_device;
    }
    if (element.attribute("class")) {
        auto class_code = read_hex(element, "class", 6);
        if (!class_code) return fail(class_code.error());
        identity.class_code = *class_code;
    }
    if (auto companion = element.attribute("companion")) {
        if (std::string_view(companion.value()) != "yes") return fail("bad companion value");
        identity.companion = true;
    }
    size_t serials = 0, groups = 0;
    for (auto child : element.children()) {
        if (child.type() != pugi::node_element) continue;
        if (child.name() == names.of("serial")) {
            if (++serials > 1) return fail("more than one serial");
            auto serial = read_serial(child);
            if (!serial) return fail(serial.error());
            identity.serials.push_back(*serial);
        } else {
            if (++groups > 1) return fail("more than one IOMMU group");
            auto group = read_group(child, names, identity);
            if (!group) return fail(group.error());
        }
    }
    return identity;
}

}  // namespace

std::string identity_record_xml(const std::vector<DeviceIdentity>& records) {
    Names names{identity_prefix};
    pugi::xml_document doc;
    auto root = doc.append_child(names.of("identity").c_str());
    root.append_attribute((std::string("xmlns:") + identity_prefix).c_str()) = identity_namespace;
    for (const auto& record : records) {
        auto device = root.append_child(names.of("device").c_str());
        device.append_attribute("address") = record.address.str().c_str();
        device.append_attribute("vendor") = hex_id(record.vendor, 4).c_str();
        device.append_attribute("device") = hex_id(record.device, 4).c_str();
        if (record.subsystem_vendor && record.subsystem_device) {
            device.append_attribute("subsystem_vendor") = hex_id(*record.subsystem_vendor, 4).c_str();
            device.append_attribute("subsystem_device") = hex_id(*record.subsystem_device, 4).c_str();
        }
        if (record.class_code) device.append_attribute("class") = hex_id(*record.class_code, 6).c_str();
        if (record.companion) device.append_attribute("companion") = "yes";
        if (auto serial = record.strongest_serial()) {
            auto element = device.append_child(names.of("serial").c_str());
            element.append_attribute("type") = serial_kind_name(serial->kind);
            element.text() = serial->value.c_str();
        }
        if (record.iommu_group) {
            auto group = device.append_child(names.of("iommuGroup").c_str());
            group.append_attribute("number") = *record.iommu_group;
            for (const auto& member : record.group_members)
                group.append_child(names.of("member").c_str()).append_attribute("address") = member.str().c_str();
        }
    }
    return element_text(root);
}

Result<std::vector<DeviceIdentity>> parse_identity_record(std::string_view element_xml) {
    pugi::xml_document doc;
    auto parsed = doc.load_buffer(element_xml.data(), element_xml.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed) return Failure{std::string("malformed identity record: ") + parsed.description()};
    auto root = doc.document_element();
    std::string_view name = root.name();
    auto colon = name.find(':');
    Names names{colon == std::string_view::npos ? "" : std::string(name.substr(0, colon))};
    std::string declaration = names.prefix.empty() ? "xmlns" : "xmlns:" + names.prefix;
    if (name != names.of("identity") || std::string_view(root.attribute(declaration.c_str()).value()) != identity_namespace)
        return Failure{std::string("identity record is not a <identity> element in namespace ") + identity_namespace};
    auto shape = check_shape(root, {}, {names.of("device")});
    if (!shape) return Failure{"identity record: " + shape.error()};
    std::vector<DeviceIdentity> records;
    std::set<PciAddress> seen;
    const std::string device_name = names.of("device");  // pugixml keeps the pointer while iterating
    for (auto element : root.children(device_name.c_str())) {
        if (records.size() == max_records) return Failure{"identity record: too many devices"};
        auto record = read_device(element, names);
        if (!record) return Failure{"identity record: " + record.error()};
        if (!seen.insert(record->address).second)
            return Failure{"identity record: device " + record->address.str() + " recorded twice"};
        records.push_back(*record);
    }
    return records;
}

Result<std::vector<DeviceIdentity>> read_identity_records(std::string_view domain_xml) {
    auto editor = DomainEditor::load(domain_xml);
    if (!editor) return Failure{editor.error()};
    auto element = editor->metadata_element(identity_namespace);
    if (!element) return std::vector<DeviceIdentity>{};
    return parse_identity_record(*element);
}

Result<bool> update_identity_records(DomainEditor& editor, const std::vector<DeviceIdentity>& added,
                                     const std::vector<PciAddress>& removed) {
    std::vector<DeviceIdentity> records;
    if (auto element = editor.metadata_element(identity_namespace)) {
        auto existing = parse_identity_record(*element);
        if (!existing) return Failure{existing.error()};
        records = *existing;
    }
    size_t before = records.size();
    std::erase_if(records, [&](const DeviceIdentity& record) {
        auto replaced = [&](const DeviceIdentity& a) { return a.address == record.address; };
        return std::find(removed.begin(), removed.end(), record.address) != removed.end() ||
               std::any_of(added.begin(), added.end(), replaced);
    });
    for (const auto& identity : added) records.push_back(recorded_form(identity));
    if (records.empty()) return editor.remove_metadata_element(identity_namespace) || before != 0;
    return editor.set_metadata_element(identity_namespace, identity_record_xml(records));
}

std::string remove_record_command(const std::string& guest) {
    return command_text({"virsh", "metadata", guest, identity_namespace, "--config", "--remove"});
}

}  // namespace vpt
