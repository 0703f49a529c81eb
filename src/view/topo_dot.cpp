#include "view/topo_dot.hpp"

#include <map>
#include <set>

#include "core/dot_writer.hpp"
#include "core/text_width.hpp"
#include "core/viability.hpp"
#include "view/topo_text.hpp"

namespace vpt {
namespace {

// Labels stay short: the tree, not the names, is the point of the picture.
constexpr size_t product_label_width = 28;

struct Shade {
    const char* fill;
    const char* border;
    const char* style;
    const char* legend;
};

Shade shade_of(GroupShade shade) {
    switch (shade) {
        case GroupShade::held: return {"#dbe8f8", "#2f6db5", "rounded,filled", "held by a guest"};
        case GroupShade::free: return {"#e2f3df", "#3c8d3a", "rounded,filled", "free"};
        case GroupShade::undecided: return {"#e2f3df", "#3c8d3a", "rounded,filled,dashed", "free, drivers unknown"};
        case GroupShade::host: return {"#eeeeee", "#8a8a8a", "rounded,filled", "host"};
    }
    return {"#ffffff", "#000000", "rounded", ""};
}

// The devices of one root complex by IOMMU group, in tree order.
void collect(const PciTreeNode& node, std::vector<const PciTreeNode*>& nodes) {
    nodes.push_back(&node);
    for (const auto& child : node.children) collect(child, nodes);
}

class GraphBuilder {
public:
    GraphBuilder(const Inventory& inventory) : inventory_(inventory), dot_("pci") {}

    std::string build(const PciTree& tree, bool show_numa) {
        dot_.graph_attributes({{"rankdir", "LR"},
                               {"fontname", "Helvetica"},
                               {"fontsize", "11"},
                               {"nodesep", "0.15"},
                               {"ranksep", "0.5"},
                               {"ordering", "out"}});  // children in address order where the layout allows
        dot_.node_defaults({{"shape", "box"},
                            {"style", "rounded,filled"},
                            {"fillcolor", "white"},
                            {"fontname", "Helvetica"},
                            {"fontsize", "10"}});
        dot_.edge_defaults({{"color", "#555555"}, {"arrowsize", "0.6"}});

        std::map<std::optional<int>, std::vector<const RootComplex*>> by_numa;
        for (const auto& complex : tree.complexes)
            by_numa[show_numa ? complex.numa_node : std::nullopt].push_back(&complex);
        for (const auto& [numa, complexes] : by_numa) {
            if (numa)
                dot_.begin_cluster("cluster_numa_" + std::to_string(*numa),
                                   {{"label", "NUMA node " + std::to_string(*numa)},
                                    {"style", "rounded"},
                                    {"color", "#b0892f"},
                                    {"fontsize", "13"}});
            for (const RootComplex* complex : complexes) add_complex(*complex);
            if (numa) dot_.end_cluster();
        }
        for (const auto& [from, to] : edges_) dot_.edge(from, to);
        return dot_.finish();
    }

private:
    void add_complex(const RootComplex& complex) {
        std::string id = complex.name();
        dot_.node(id, {{"label", id}, {"shape", "box3d"}, {"fillcolor", "#f4ead2"}});
        std::vector<const PciTreeNode*> nodes;
        for (const auto& root : complex.roots) {
            edges_.emplace_back(id, root.device->address.str());
            collect(root, nodes);
        }
        for (const PciTreeNode* node : nodes)
            for (const auto& child : node->children)
                edges_.emplace_back(node->device->address.str(), child.device->address.str());

        // One box per group, drawn where its first member is; a device
        // with no group stands alone.
        std::map<int, std::vector<const PciTreeNode*>> groups;
        for (const PciTreeNode* node : nodes) {
            if (!node->device->iommu_group) {
                add_device(*node);
                continue;
            }
            groups[*node->device->iommu_group].push_back(node);
        }
        for (const auto& [group, members] : groups) {
            if (!drawn_groups_.insert(group).second) {
                for (const PciTreeNode* member : members) add_device(*member);
                continue;
            }
            Shade shade = shade_of(group_shade(inventory_, *members.front()->device));
            dot_.begin_cluster("cluster_group_" + std::to_string(group),
                               {{"label", "IOMMU group " + std::to_string(group) + " · " + shade.legend},
                                {"style", shade.style},
                                {"fillcolor", shade.fill},
                                {"color", shade.border},
                                {"fontsize", "10"},
                                {"labeljust", "l"}});
            for (const PciTreeNode* member : members) add_device(*member);
            dot_.end_cluster();
        }
    }

    void add_device(const PciTreeNode& node) {
        const PciDevice& d = *node.device;
        HtmlLabel label;
        label.line(d.address.str());
        auto holders = inventory_.holders(d.address);
        if (node.role == TreeRole::endpoint) {
            label.line(shorten_text(product_label(d), product_label_width), HtmlLabel::Style::small);
            if (d.driver) label.line(*d.driver, HtmlLabel::Style::small);
            if (!holders.empty()) label.line(holding_text(inventory_, d.address), HtmlLabel::Style::bold);
        } else {
            label.line(tree_role_name(node.role), HtmlLabel::Style::small);
        }
        DotAttributes attributes = {html_attribute("label", label)};
        if (!holders.empty()) attributes.push_back({"penwidth", "2"});
        if (node.role != TreeRole::endpoint) attributes.push_back({"fillcolor", "#f7f7f7"});
        dot_.node(d.address.str(), attributes);
    }

    const Inventory& inventory_;
    DotWriter dot_;
    std::set<int> drawn_groups_;
    std::vector<std::pair<std::string, std::string>> edges_;
};

}  // namespace

GroupShade group_shade(const Inventory& inventory, const PciDevice& member) {
    for (const PciDevice* m : inventory.group_of(member))
        if (!inventory.holders(m->address).empty()) return GroupShade::held;
    GroupVerdict verdict = assess_group(inventory, member);
    switch (verdict.state()) {
        case Viability::viable: return GroupShade::free;
        case Viability::unknown: return GroupShade::undecided;
        case Viability::not_viable: break;
    }
    return GroupShade::host;
}

std::string topo_dot(const PciTree& tree, const Inventory& inventory, bool show_numa) {
    return GraphBuilder(inventory).build(tree, show_numa);
}

}  // namespace vpt
