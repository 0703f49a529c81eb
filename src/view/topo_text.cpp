#include "view/topo_text.hpp"

#include <algorithm>

#include "core/text_width.hpp"
#include "view/device_view.hpp"

namespace vpt {
namespace {

// A product name is cut no shorter than this: below it, it says nothing.
constexpr size_t shortest_product = 12;

struct LineWriter {
    const Inventory& inventory;
    std::optional<size_t> width;
    std::string out;

    void device(const PciTreeNode& node, const std::string& prefix, const std::string& branch) {
        const PciDevice& d = *node.device;
        std::string head = prefix + branch + d.address.str() + "  ";
        std::string group = d.iommu_group ? "grp " + std::to_string(*d.iommu_group) : "no grp";
        std::string line;
        if (node.role != TreeRole::endpoint) {
            line = head + tree_role_name(node.role) + "  [" + group + "]";
        } else {
            std::string tail;
            if (inventory.drivers_reported()) tail += "  " + (d.driver ? *d.driver : std::string("no driver"));
            tail += "  " + group + "  " + holding_text(inventory, d.address);
            std::string product = product_label(d);
            if (width) {
                size_t fixed = text_width(head) + text_width(tail);
                size_t room = *width > fixed ? *width - fixed : 0;
                product = shorten_text(product, std::max(room, shortest_product));
            }
            line = head + product + tail;
        }
        out += line + "\n";
        std::string below = prefix + (branch.empty() ? "" : branch == "└─ " ? "   " : "│  ");
        for (size_t i = 0; i < node.children.size(); ++i)
            device(node.children[i], below, i + 1 == node.children.size() ? "└─ " : "├─ ");
    }
};

}  // namespace

std::string holding_text(const Inventory& inventory, const PciAddress& address) {
    std::vector<std::string> guests;
    for (const auto& holder : inventory.holders(address))
        if (std::find(guests.begin(), guests.end(), holder.guest) == guests.end()) guests.push_back(holder.guest);
    if (guests.empty()) return "free";
    std::string text = "held by ";
    for (size_t i = 0; i < guests.size(); ++i) text += (i ? ", " : "") + guests[i];
    return text;
}

std::string product_label(const PciDevice& device) {
    if (device.product && !device.product->empty()) return *device.product;
    std::string name = name_text(device);
    return name == "-" ? ids_text(device) : name;
}

std::string topo_text(const PciTree& tree, const Inventory& inventory, bool show_numa,
                      std::optional<size_t> width) {
    LineWriter writer{inventory, width, {}};
    for (const auto& complex : tree.complexes) {
        writer.out += complex.name();
        if (show_numa && complex.numa_node) writer.out += "  node " + std::to_string(*complex.numa_node);
        writer.out += "\n";
        for (size_t i = 0; i < complex.roots.size(); ++i)
            writer.device(complex.roots[i], "", i + 1 == complex.roots.size() ? "└─ " : "├─ ");
    }
    return writer.out;
}

}  // namespace vpt
