#include <doctest/doctest.h>

#include "xml/network_parser.hpp"

using namespace vpt;

TEST_CASE("parse_network reads VF pools by PF and by address list") {
    auto by_pf = parse_network(R"(<network><name>sriov-pool</name><uuid>x</uuid>
      <forward mode='hostdev' managed='yes'><driver name='vfio'/><pf dev='enp3s0f0'/></forward></network>)");
    REQUIRE(by_pf.ok());
    CHECK(by_pf->name == "sriov-pool");
    CHECK(by_pf->is_hostdev_pool());
    CHECK(by_pf->pf_dev == "enp3s0f0");
    CHECK(by_pf->addresses.empty());

    auto by_list = parse_network(R"(<network><name>p1</name><forward mode='hostdev' managed='yes'>
      <address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x1'/>
      <address type='pci' domain='0' bus='3' slot='16' function='3'/></forward>
      <vlan><tag id='100'/></vlan></network>)");
    REQUIRE(by_list.ok());
    CHECK(by_list->addresses == std::vector{*PciAddress::parse("03:10.1"), *PciAddress::parse("03:10.3")});
    CHECK(by_list->vlan == 100u);
    CHECK_FALSE(by_list->pf_dev);
}

TEST_CASE("parse_network: other networks and bad XML") {
    auto nat = parse_network("<network><name>default</name><forward mode='nat'/></network>");
    REQUIRE(nat.ok());
    CHECK_FALSE(nat->is_hostdev_pool());
    CHECK(parse_network("<network><name>isolated</name></network>")->forward_mode.empty());
    CHECK_FALSE(parse_network("<domain/>").ok());
    CHECK_FALSE(parse_network(R"(<network><name>x</name><forward mode='hostdev'>
      <address type='pci' bus='0x100' slot='0' function='0'/></forward></network>)").ok());
}
