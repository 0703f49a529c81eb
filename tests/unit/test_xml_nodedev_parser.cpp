#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "xml/nodedev_parser.hpp"

using namespace vpt;

namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

// A GPU on bus 129 (0x81): decimal in <bus>, hex in the group's addresses.
const char* gpu_xml = R"(<device>
  <name>pci_0000_81_00_0</name>
  <path>/sys/devices/pci0000:80/0000:80:01.1/0000:81:00.0</path>
  <parent>pci_0000_80_01_1</parent>
  <driver><name>nouveau</name></driver>
  <capability type='pci'>
    <class>0x030000</class>
    <domain>0</domain>
    <bus>129</bus>
    <slot>0</slot>
    <function>0</function>
    <product id='0x1b80'>GP104 [GeForce GTX 1080]</product>
    <vendor id='0x10de'>NVIDIA Corporation</vendor>
    <iommuGroup number='42'>
      <address domain='0x0000' bus='0x81' slot='0x00' function='0x1'/>
      <address domain='0x0000' bus='0x81' slot='0x00' function='0x0'/>
    </iommuGroup>
    <numa node='1'/>
    <pci-express>
      <link validity='cap' port='0' speed='8' width='16'/>
      <link validity='sta' speed='8' width='16'/>
    </pci-express>
  </capability>
</device>)";

}  // namespace

TEST_CASE("parse_pci_nodedev reads decimal fields and hex group addresses") {
    auto parsed = parse_pci_nodedev(gpu_xml);
    REQUIRE(parsed.ok());
    const PciDevice& gpu = *parsed;
    CHECK(gpu.name == "pci_0000_81_00_0");
    CHECK(gpu.parent == "pci_0000_80_01_1");
    CHECK(gpu.address == addr("0000:81:00.0"));
    CHECK(gpu.vendor_id == 0x10de);
    CHECK(gpu.product_id == 0x1b80);
    CHECK(gpu.vendor == "NVIDIA Corporation");
    CHECK(gpu.product == "GP104 [GeForce GTX 1080]");
    CHECK(gpu.class_code == 0x030000u);
    CHECK(gpu.driver == "nouveau");
    CHECK(gpu.iommu_group == 42);
    REQUIRE(gpu.group_members.size() == 2);
    CHECK(gpu.group_members[0] == addr("81:00.0"));  // sorted
    CHECK(gpu.group_members[1] == addr("81:00.1"));
    CHECK_FALSE(gpu.sriov.has_value());
    CHECK_FALSE(gpu.is_bridge());
}

TEST_CASE("parse_pci_nodedev: SR-IOV roles") {
    SUBCASE("a PF lists its VFs and their most") {
        auto pf = parse_pci_nodedev(R"(<device><name>pci_0000_03_00_0</name><parent>computer</parent>
          <capability type='pci'><domain>0</domain><bus>3</bus><slot>0</slot><function>0</function>
          <product id='0x10c9'>82576</product><vendor id='0x8086'>Intel Corporation</vendor>
          <capability type='virt_functions' maxCount='7'>
            <address domain='0x0000' bus='0x03' slot='0x10' function='0x2'/>
            <address domain='0x0000' bus='0x03' slot='0x10' function='0x0'/>
          </capability></capability></device>)");
        REQUIRE(pf.ok());
        REQUIRE(pf->sriov.has_value());
        CHECK(pf->sriov->role == SriovInfo::Role::pf);
        CHECK(pf->sriov->max_vfs == 7);
        REQUIRE(pf->sriov->vfs.size() == 2);
        CHECK(pf->sriov->vfs[0] == addr("03:10.0"));
        CHECK_FALSE(pf->iommu_group.has_value());
        CHECK(pf->group_members.empty());
        CHECK_FALSE(pf->driver.has_value());
    }
    SUBCASE("a PF with no VFs yet") {
        auto pf = parse_pci_nodedev(R"(<device><name>pci_0000_04_00_0</name>
          <capability type='pci'><domain>0</domain><bus>4</bus><slot>0</slot><function>0</function>
          <product id='0x1'/><vendor id='0x2'/>
          <capability type='virt_functions' maxCount='63'/></capability></device>)");
        REQUIRE(pf.ok());
        CHECK(pf->sriov->role == SriovInfo::Role::pf);
        CHECK(pf->sriov->max_vfs == 63);
        CHECK(pf->sriov->vfs.empty());
        CHECK_FALSE(pf->product.has_value());  // an empty name is no name
    }
    SUBCASE("a VF names its PF") {
        auto vf = parse_pci_nodedev(R"(<device><name>pci_0000_03_10_0</name>
          <capability type='pci'><domain>0</domain><bus>3</bus><slot>16</slot><function>0</function>
          <product id='0x10ca'/><vendor id='0x8086'/>
          <capability type='phys_function'><address domain='0x0000' bus='0x03' slot='0x00' function='0x0'/></capability>
          </capability></device>)");
        REQUIRE(vf.ok());
        CHECK(vf->address == addr("03:10.0"));
        CHECK(vf->sriov->role == SriovInfo::Role::vf);
        CHECK(vf->sriov->pf == addr("03:00.0"));
    }
}

TEST_CASE("parse_pci_nodedev reads the NUMA node and both ends of the PCIe link") {
    auto gpu = parse_pci_nodedev(gpu_xml);
    REQUIRE(gpu.ok());
    CHECK(gpu->numa_node == 1);
    REQUIRE(gpu->link_max);
    CHECK(gpu->link_max->speed == "8");
    CHECK(gpu->link_max->width == 16);
    REQUIRE(gpu->link_now);
    CHECK(gpu->link_now->width == 16);

    auto slowed = parse_pci_nodedev(R"(<device><name>pci_0000_02_00_0</name>
      <capability type='pci'><domain>0</domain><bus>2</bus><slot>0</slot><function>0</function>
      <product id='0x1'/><vendor id='0x2'/>
      <pci-express><link validity='cap' port='0' speed='16' width='4'/>
      <link validity='sta' speed='2.5' width='1'/></pci-express></capability></device>)");
    REQUIRE(slowed.ok());
    CHECK_FALSE(slowed->numa_node.has_value());
    CHECK(slowed->link_max->speed == "16");
    CHECK(slowed->link_now->speed == "2.5");
    CHECK(slowed->link_now->width == 1);

    auto odd = parse_pci_nodedev(R"(<device><name>pci_0000_02_00_0</name>
      <capability type='pci'><domain>0</domain><bus>2</bus><slot>0</slot><function>0</function>
      <product id='0x1'/><vendor id='0x2'/><numa node='-1'/>
      <pci-express><link validity='cap' speed='fast' width='0'/></pci-express></capability></device>)");
    REQUIRE(odd.ok());
    CHECK(odd->pci_express);
    CHECK_FALSE(odd->numa_node.has_value());
    CHECK_FALSE(odd->link_max.has_value());  // nothing usable in it
    CHECK_FALSE(odd->link_now.has_value());
}

TEST_CASE("parse_pci_nodedev: bridges, legacy names and bad XML") {
    SUBCASE("a root port is a bridge by class and by capability") {
        auto port = parse_pci_nodedev(R"(<device><name>pci_0000_00_01_0</name>
          <capability type='pci'><class>0x060400</class><domain>0</domain><bus>0</bus><slot>1</slot>
          <function>0</function><product id='0x1'/><vendor id='0x2'/>
          <capability type='pci-bridge'/></capability></device>)");
        REQUIRE(port.ok());
        CHECK(port->is_bridge());
        CHECK(port->pci_bridge_capability);
    }
    SUBCASE("the address comes from the XML, not the name") {
        auto legacy = parse_pci_nodedev(R"(<device><name>pci_1002_71c4</name>
          <capability type='pci'><domain>0</domain><bus>1</bus><slot>0</slot><function>0</function>
          <product id='0x71c4'/><vendor id='0x1002'/></capability></device>)");
        REQUIRE(legacy.ok());
        CHECK(legacy->name == "pci_1002_71c4");
        CHECK(legacy->address == addr("01:00.0"));
        CHECK_FALSE(legacy->pci_express);  // no <pci-express>: a conventional PCI function
        auto gpu = parse_pci_nodedev(gpu_xml);
        REQUIRE(gpu.ok());
        CHECK(gpu->pci_express);
    }
    SUBCASE("failures") {
        CHECK_FALSE(parse_pci_nodedev("<device><name>x").ok());
        CHECK_FALSE(parse_pci_nodedev("<node/>").ok());
        CHECK_FALSE(parse_pci_nodedev("<device><name>net_eth0</name><capability type='net'/></device>").ok());
        CHECK_FALSE(parse_pci_nodedev(R"(<device><capability type='pci'><domain>0</domain>
          <bus>256</bus><slot>0</slot><function>0</function></capability></device>)").ok());
        CHECK_FALSE(parse_pci_nodedev(R"(<device><capability type='pci'><domain>0</domain>
          <bus>1</bus><slot>0</slot></capability></device>)").ok());
    }
}

TEST_CASE("parse_net_nodedev gives the interface and its PCI parent") {
    auto net = parse_net_nodedev(R"(<device><name>net_enp3s0f0_00_1b_21_aa_bb_cc</name>
      <path>/sys/devices/pci0000:00/0000:03:00.0/net/enp3s0f0</path><parent>pci_0000_03_00_0</parent>
      <capability type='net'><interface>enp3s0f0</interface><address>00:1b:21:aa:bb:cc</address>
      <capability type='80203'/></capability></device>)");
    REQUIRE(net.ok());
    CHECK(net->interface == "enp3s0f0");
    CHECK(net->parent == "pci_0000_03_00_0");
    CHECK_FALSE(parse_net_nodedev(gpu_xml).ok());
}

// The fixtures are real `virsh nodedev-dumpxml` shapes (see fixtures/nodedev/README.md).
namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(VPT_FIXTURES) + "/nodedev/" + name);
    REQUIRE_MESSAGE(in.good(), "missing fixture " << name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

PciDevice parse_fixture(const std::string& name) {
    auto parsed = parse_pci_nodedev(fixture(name));
    REQUIRE_MESSAGE(parsed.ok(), name << ": " << (parsed.ok() ? "" : parsed.error()));
    return *parsed;
}

}  // namespace

TEST_CASE("nodedev fixtures: every field lands where the README says") {
    SUBCASE("a two-member GPU group, seen from either function") {
        auto gpu = parse_fixture("gpu.xml");
        auto audio = parse_fixture("gpu-audio.xml");
        CHECK(gpu.iommu_group == 14);
        CHECK(audio.iommu_group == 14);
        CHECK(gpu.group_members == audio.group_members);
        CHECK(gpu.group_members == std::vector{addr("01:00.0"), addr("01:00.1")});
        CHECK(gpu.driver == "nvidia");
        CHECK(audio.class_code == 0x040300u);
        CHECK(gpu.parent == "pci_0000_00_01_0");
    }
    SUBCASE("SR-IOV PF, VF and a PF without VFs") {
        auto pf = parse_fixture("sriov-pf.xml");
        REQUIRE(pf.sriov);
        CHECK(pf.sriov->vfs == std::vector{addr("03:10.0"), addr("03:10.2"), addr("03:10.4")});
        CHECK(pf.sriov->max_vfs == 7);
        auto vf = parse_fixture("sriov-vf.xml");
        REQUIRE(vf.sriov);
        CHECK(vf.sriov->role == SriovInfo::Role::vf);
        CHECK(vf.sriov->pf == addr("03:00.0"));
        CHECK(vf.parent == "pci_0000_00_03_0");  // the root port, not the PF
        auto none = parse_fixture("sriov-pf-novfs.xml");
        REQUIRE(none.sriov);
        CHECK(none.sriov->max_vfs == 63);
        CHECK(none.sriov->vfs.empty());
    }
    SUBCASE("bridges are never endpoints") {
        auto port = parse_fixture("root-port.xml");
        CHECK(port.address == addr("00:1c.0"));  // <slot>28</slot> is 0x1c
        CHECK(port.is_bridge());
        auto bridge = parse_fixture("pci-bridge.xml");
        CHECK(bridge.is_bridge());
        CHECK_FALSE(bridge.driver.has_value());
        CHECK(bridge.group_members.size() == 2);
    }
    SUBCASE("extra capabilities do not disturb the basics") {
        auto mdev = parse_fixture("mdev-types.xml");
        CHECK(mdev.address == addr("00:02.0"));
        CHECK(mdev.driver == "i915");
        auto vpd = parse_fixture("vpd.xml");
        CHECK(vpd.address == addr("5e:00.0"));
        CHECK(vpd.iommu_group == 72);
        CHECK_FALSE(vpd.sriov.has_value());
    }
    SUBCASE("no IOMMU, legacy names, high buses, vfio-bound") {
        auto lonely = parse_fixture("no-iommu.xml");
        CHECK_FALSE(lonely.iommu_group.has_value());
        CHECK(lonely.group_members.empty());
        auto legacy = parse_fixture("legacy-name.xml");
        CHECK(legacy.name == "pci_1002_71c4");
        CHECK(legacy.address == addr("08:00.0"));
        auto high = parse_fixture("high-bus.xml");
        CHECK(high.address == addr("c1:00.0"));
        CHECK(high.group_members == std::vector{addr("c1:00.0")});
        CHECK(parse_fixture("vfio-bound.xml").is_vfio_bound());
    }
    SUBCASE("a net child is not a PCI device, but names its interface") {
        CHECK_FALSE(parse_pci_nodedev(fixture("net-child.xml")).ok());
        auto net = parse_net_nodedev(fixture("net-child.xml"));
        REQUIRE(net.ok());
        CHECK(net->interface == "enp3s0f0");
        CHECK(net->parent == "pci_0000_03_00_0");
    }
}
