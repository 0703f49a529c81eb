#include "xml/nodedev_parser.hpp"

#include <algorithm>
#include <pugixml.hpp>

#include "core/text_fields.hpp"
#include "xml/address_xml.hpp"
#include "core/device_identity.hpp"

namespace vpt {
namespace {

std::optional<std::string> text_of(const pugi::xml_node& node) {
    if (!node) return std::nullopt;
    std::string text = node.text().as_string();
    if (text.empty()) return std::nullopt;
    return text;
}


Result<PciAddress> address_from_elements(const pugi::xml_node& cap) {
    uint64_t domain, bus, slot, function;
    if (!read_xml_number(cap.child_value("domain"), domain) ||
        !read_xml_number(cap.child_value("bus"), bus) || !read_xml_number(cap.child_value("slot"), slot) ||
        !read_xml_number(cap.child_value("function"), function))
        return Failure{"node device XML lacks <domain>/<bus>/<slot>/<function>"};
    return PciAddress::from_fields(domain, bus, slot, function);
}

pugi::xml_node capability(const pugi::xml_node& parent, const char* type) {
    return parent.find_child_by_attribute("capability", "type", type);
}

// Reads the <address> children of `node` into `out`; false on a bad one.
bool read_address_list(const pugi::xml_node& node, std::vector<PciAddress>& out) {
    for (auto address : node.children("address")) {
        auto parsed = read_address_attributes(address);
        if (!parsed) return false;
        out.push_back(*parsed);
    }
    return true;
}

// A GT/s figure as libvirt prints one ("2.5", "16"): digits and one dot.
bool is_link_speed(const std::string& text) {
    if (text.empty() || text.size() > 8 || text.front() == '.' || text.back() == '.') return false;
    return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }) &&
           std::count(text.begin(), text.end(), '.') <= 1;
}

// The <link validity='cap|sta'> of a <pci-express>; empty when absent or
// when it says nothing vpt can use.
std::optional<PcieLink> link_of(const pugi::xml_node& express, const char* validity) {
    auto node = express.find_child_by_attribute("link", "validity", validity);
    if (!node) return std::nullopt;
    PcieLink link;
    if (std::string speed = node.attribute("speed").value(); is_link_speed(speed)) link.speed = speed;
    uint64_t lanes;
    if (read_xml_number(node.attribute("width").value(), lanes) && lanes > 0 && lanes <= 32) link.width = int(lanes);
    if (!link.speed && !link.width) return std::nullopt;
    return link;
}

Result<pugi::xml_node> device_root(pugi::xml_document& doc, std::string_view xml) {
    auto parsed = doc.load_buffer(xml.data(), xml.size());
    if (!parsed) return Failure{std::string("malformed node device XML: ") + parsed.description()};
    auto device = doc.child("device");
    if (!device) return Failure{"node device XML has no <device> root"};
    return device;
}

}  // namespace

Result<PciDevice> parse_pci_nodedev(std::string_view xml) {
    pugi::xml_document doc;
    auto root = device_root(doc, xml);
    if (!root) return Failure{root.error()};
    auto device = *root;
    auto cap = capability(device, "pci");
    if (!cap) return Failure{"node device '" + std::string(device.child_value("name")) +
                             "' is not a PCI device"};

    PciDevice pci;
    pci.name = device.child_value("name");
    pci.parent = device.child_value("parent");
    pci.driver = text_of(device.child("driver").child("name"));

    auto address = address_from_elements(cap);
    if (!address) return Failure{"node device '" + pci.name + "': " + address.error()};
    pci.address = *address;

    uint64_t number;
    if (read_xml_number(cap.child_value("class"), number)) pci.class_code = uint32_t(number);
    if (read_xml_number(cap.child("vendor").attribute("id").value(), number)) pci.vendor_id = uint32_t(number);
    if (read_xml_number(cap.child("product").attribute("id").value(), number)) pci.product_id = uint32_t(number);
    pci.vendor = text_of(cap.child("vendor"));
    pci.product = text_of(cap.child("product"));

    if (auto group = cap.child("iommuGroup")) {
        if (read_xml_number(group.attribute("number").value(), number)) pci.iommu_group = int(number);
        if (!read_address_list(group, pci.group_members))
            return Failure{"node device '" + pci.name + "': malformed <iommuGroup> address"};
        if (std::find(pci.group_members.begin(), pci.group_members.end(), pci.address) ==
            pci.group_members.end())
            pci.group_members.push_back(pci.address);
        std::sort(pci.group_members.begin(), pci.group_members.end());
    }

    if (auto pf = capability(cap, "phys_function")) {
        SriovInfo info{.role = SriovInfo::Role::vf};
        auto pf_address = read_address_attributes(pf.child("address"));
        if (pf_address) info.pf = *pf_address;
        pci.sriov = info;
    } else if (auto vfs = capability(cap, "virt_functions")) {
        SriovInfo info{.role = SriovInfo::Role::pf};
        if (read_xml_number(vfs.attribute("maxCount").value(), number)) info.max_vfs = int(number);
        if (!read_address_list(vfs, info.vfs))
            return Failure{"node device '" + pci.name + "': malformed virt_functions address"};
        std::sort(info.vfs.begin(), info.vfs.end());
        pci.sriov = info;
    }
    // libvirt (>= 7.9) reports the Vital Product Data it could parse; a
    // value with control characters is not one a record could hold.
    if (auto serial = text_of(capability(cap, "vpd").find_child_by_attribute("fields", "access", "readonly").child("serial_number"))) {
        std::string value(trimmed(*serial));
        if (is_vpd_serial(value)) pci.vpd_serial = value;
    }
    pci.pci_bridge_capability = capability(cap, "pci-bridge") || capability(cap, "cardbus-bridge");
    if (auto express = cap.child("pci-express")) {
        pci.pci_express = true;
        pci.link_max = link_of(express, "cap");
        pci.link_now = link_of(express, "sta");
    }
    // libvirt prints <numa node='N'/> only for a node the kernel knows (>= 0).
    if (auto numa = cap.child("numa"); numa && read_xml_number(numa.attribute("node").value(), number))
        pci.numa_node = int(number);
    return pci;
}

Result<NetDevice> parse_net_nodedev(std::string_view xml) {
    pugi::xml_document doc;
    auto root = device_root(doc, xml);
    if (!root) return Failure{root.error()};
    auto device = *root;
    auto cap = capability(device, "net");
    if (!cap) return Failure{"node device is not a network interface"};
    return NetDevice{device.child_value("name"), device.child_value("parent"), cap.child_value("interface"),
                     cap.child_value("address")};
}

}  // namespace vpt
