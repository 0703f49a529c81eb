#include <doctest/doctest.h>

#include "core/pci_tree.hpp"
#include "unit/test_pci_devices.hpp"

using namespace vpt;
using vpt::test::addr;

namespace {

PciDevice device(const char* address, const std::string& parent, uint32_t class_code) {
    PciDevice d;
    d.address = addr(address);
    d.name = d.address.nodedev_name();
    d.parent = parent;
    d.class_code = class_code;
    return d;
}

std::string parent_of(const char* address) { return addr(address).nodedev_name(); }

// "address role" per node, children indented: the whole shape in one string.
void shape(const PciTreeNode& node, int depth, std::string& out) {
    out += std::string(depth * 2, ' ') + node.device->address.str() + " " + tree_role_name(node.role) + "\n";
    for (const auto& child : node.children) shape(child, depth + 1, out);
}

std::string shape(const PciTree& tree) {
    std::string out;
    for (const auto& complex : tree.complexes) {
        out += complex.name() + "\n";
        for (const auto& root : complex.roots) shape(root, 1, out);
    }
    return out;
}

}  // namespace

TEST_CASE("build_pci_tree") {
    SUBCASE("parents make the tree; root buses make the complexes; order is by address") {
        std::vector<PciDevice> devices = {
            device("0000:3c:02.0", parent_of("0000:3b:00.0"), 0x060400),
            device("0000:3d:00.0", parent_of("0000:3c:01.0"), 0x0c0330),
            device("0000:00:00.0", "computer", 0x060000),
            device("0000:3a:00.0", "computer", 0x060400),
            device("0000:3b:00.0", parent_of("0000:3a:00.0"), 0x060400),
            device("0000:3c:01.0", parent_of("0000:3b:00.0"), 0x060400),
            device("0000:00:1c.0", "computer", 0x060400),
            device("0000:04:00.0", parent_of("0000:00:1c.0"), 0x060400),
            device("0000:05:00.0", parent_of("0000:04:00.0"), 0x030000),
            device("0000:00:1f.0", "computer", 0x060100),
        };
        CHECK(shape(build_pci_tree(devices)) ==
              "pci0000:00\n"
              "  0000:00:00.0 host bridge\n"
              "  0000:00:1c.0 root port\n"
              "    0000:04:00.0 PCI bridge\n"
              "      0000:05:00.0 endpoint\n"
              "  0000:00:1f.0 ISA bridge\n"
              "pci0000:3a\n"
              "  0000:3a:00.0 root port\n"
              "    0000:3b:00.0 switch upstream port\n"
              "      0000:3c:01.0 switch downstream port\n"
              "        0000:3d:00.0 endpoint\n"
              "      0000:3c:02.0 switch downstream port\n");
    }
    SUBCASE("a parent that is no PCI device makes a root on the device's own bus") {
        std::vector<PciDevice> devices = {device("0001:80:00.0", "pci_gone", 0x020000),
                                          device("0000:00:02.0", "computer", 0x030000)};
        CHECK(shape(build_pci_tree(devices)) ==
              "pci0000:00\n  0000:00:02.0 endpoint\npci0001:80\n  0001:80:00.0 endpoint\n");
    }
    SUBCASE("a loop of parents is cut: every device appears once") {
        std::vector<PciDevice> devices = {device("0000:02:00.0", parent_of("0000:03:00.0"), 0x020000),
                                          device("0000:03:00.0", parent_of("0000:02:00.0"), 0x020000),
                                          device("0000:04:00.0", parent_of("0000:04:00.0"), 0x020000)};
        CHECK(shape(build_pci_tree(devices)) ==
              "pci0000:02\n  0000:02:00.0 endpoint\n    0000:03:00.0 endpoint\n"
              "pci0000:04\n  0000:04:00.0 endpoint\n");
    }
    SUBCASE("a legacy node device name is found as a parent by its name") {
        auto port = device("0000:17:02.0", "computer", 0x060400);
        port.name = "pci_1002_73bf";
        std::vector<PciDevice> devices = {port, device("0000:19:00.0", "pci_1002_73bf", 0x030000)};
        CHECK(shape(build_pci_tree(devices)) == "pci0000:17\n  0000:17:02.0 root port\n    0000:19:00.0 endpoint\n");
    }
    SUBCASE("a complex takes the NUMA node its devices report") {
        auto port = device("0000:17:00.0", "computer", 0x060400);
        auto gpu = device("0000:18:00.0", parent_of("0000:17:00.0"), 0x030000);
        gpu.numa_node = 1;
        std::vector<PciDevice> devices = {port, gpu, device("0000:00:00.0", "computer", 0x060000)};
        auto tree = build_pci_tree(devices);
        REQUIRE(tree.complexes.size() == 2);
        CHECK_FALSE(tree.complexes[0].numa_node);
        CHECK(tree.complexes[1].numa_node == 1);
        CHECK(reports_numa(devices));
        CHECK_FALSE(reports_numa({port}));
    }
    SUBCASE("no devices, no complexes") { CHECK(build_pci_tree({}).complexes.empty()); }
}
