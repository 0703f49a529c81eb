#include "core/pci_tree.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace vpt {

const char* tree_role_name(TreeRole role) {
    switch (role) {
        case TreeRole::endpoint: return "endpoint";
        case TreeRole::host_bridge: return "host bridge";
        case TreeRole::isa_bridge: return "ISA bridge";
        case TreeRole::root_port: return "root port";
        case TreeRole::switch_upstream_port: return "switch upstream port";
        case TreeRole::switch_downstream_port: return "switch downstream port";
        case TreeRole::pci_bridge: return "PCI bridge";
    }
    return "";
}

std::string RootComplex::name() const {
    char text[16];
    std::snprintf(text, sizeof text, "pci%04x:%02x", domain & 0xffff, bus & 0xff);
    return text;
}

namespace {

using Children = std::map<const PciDevice*, std::vector<const PciDevice*>>;

bool is_pci_to_pci(const PciDevice& device) {
    return device.is_bridge() && !device.is_platform_bridge() &&
           !(device.class_code && (*device.class_code >> 8) == 0x0607);
}

TreeRole role_of(const PciDevice& device, const PciDevice* parent, TreeRole parent_role,
                 const std::vector<const PciDevice*>& children) {
    if (!device.is_bridge()) return TreeRole::endpoint;
    if (device.class_code && (*device.class_code >> 8) == 0x0600) return TreeRole::host_bridge;
    if (device.class_code && (*device.class_code >> 8) == 0x0601) return TreeRole::isa_bridge;
    if (!is_pci_to_pci(device)) return TreeRole::pci_bridge;
    if (!parent) return TreeRole::root_port;
    if (parent_role == TreeRole::switch_upstream_port) return TreeRole::switch_downstream_port;
    // A switch shows itself as a port whose children are all bridges (its
    // downstream ports); a PCIe-to-PCI bridge has endpoints below it.
    bool ports_below = !children.empty() && std::all_of(children.begin(), children.end(), [](const PciDevice* c) {
        return is_pci_to_pci(*c);
    });
    if (ports_below && (parent_role == TreeRole::root_port || parent_role == TreeRole::switch_downstream_port))
        return TreeRole::switch_upstream_port;
    return TreeRole::pci_bridge;
}

PciTreeNode grow(const PciDevice* device, const PciDevice* parent, TreeRole parent_role, const Children& children,
                 std::set<const PciDevice*>& placed) {
    placed.insert(device);
    static const std::vector<const PciDevice*> none;
    auto found = children.find(device);
    const auto& below = found == children.end() ? none : found->second;
    PciTreeNode node{device, role_of(*device, parent, parent_role, below), {}};
    for (const PciDevice* child : below)
        if (!placed.count(child)) node.children.push_back(grow(child, device, node.role, children, placed));
    return node;
}

RootComplex& complex_for(std::map<std::pair<uint32_t, uint32_t>, RootComplex>& complexes, const PciAddress& address) {
    auto& complex = complexes[{address.domain, address.bus}];
    complex.domain = address.domain;
    complex.bus = address.bus;
    return complex;
}

std::optional<int> first_numa_node(const PciTreeNode& node) {
    if (node.device->numa_node) return node.device->numa_node;
    for (const auto& child : node.children)
        if (auto found = first_numa_node(child)) return found;
    return std::nullopt;
}

}  // namespace

PciTree build_pci_tree(const std::vector<PciDevice>& devices) {
    std::vector<const PciDevice*> sorted;
    for (const auto& device : devices) sorted.push_back(&device);
    std::sort(sorted.begin(), sorted.end(),
              [](const PciDevice* a, const PciDevice* b) { return a->address < b->address; });
    std::map<std::string, const PciDevice*> by_name;
    for (const PciDevice* device : sorted) by_name.emplace(device->name, device);

    Children children;
    std::vector<const PciDevice*> roots;
    for (const PciDevice* device : sorted) {
        auto parent = by_name.find(device->parent);
        if (parent == by_name.end() || parent->second == device)
            roots.push_back(device);
        else
            children[parent->second].push_back(device);
    }

    std::map<std::pair<uint32_t, uint32_t>, RootComplex> complexes;
    std::set<const PciDevice*> placed;
    for (const PciDevice* root : roots)
        complex_for(complexes, root->address).roots.push_back(grow(root, nullptr, TreeRole::endpoint, children, placed));
    // What no root reached hangs in a loop of parents: its first device by
    // address becomes a root, so nothing is left out.
    for (const PciDevice* device : sorted)
        if (!placed.count(device))
            complex_for(complexes, device->address)
                .roots.push_back(grow(device, nullptr, TreeRole::endpoint, children, placed));

    PciTree tree;
    for (auto& [key, complex] : complexes) {
        std::sort(complex.roots.begin(), complex.roots.end(), [](const PciTreeNode& a, const PciTreeNode& b) {
            return a.device->address < b.device->address;
        });
        for (const auto& root : complex.roots)
            if ((complex.numa_node = first_numa_node(root))) break;
        tree.complexes.push_back(std::move(complex));
    }
    return tree;
}

bool reports_numa(const std::vector<PciDevice>& devices) {
    return std::any_of(devices.begin(), devices.end(), [](const PciDevice& d) { return d.numa_node.has_value(); });
}

}  // namespace vpt
