#include <doctest/doctest.h>

#include "xml/domain_devices.hpp"

using namespace vpt;

TEST_CASE("parse_domain_devices finds every way a guest holds a PCI device") {
    const char* xml = R"(<domain type='kvm'><name>lab</name><devices>
      <disk type='file'><source file='/x.img'/></disk>
      <hostdev mode='subsystem' type='pci' managed='yes'>
        <source><address domain='0x0000' bus='0x81' slot='0x00' function='0x0'/></source>
      </hostdev>
      <hostdev mode='subsystem' type='pci' managed='yes'>
        <source><address domain='0x0000' bus='0x81' slot='0x00' function='0x1'/></source>
        <address type='unassigned'/>
      </hostdev>
      <hostdev mode='subsystem' type='usb'><source><vendor id='0x1'/></source></hostdev>
      <interface type='hostdev' managed='yes'>
        <source><address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x2'/></source>
        <mac address='52:54:00:6d:90:02'/>
      </interface>
      <interface type='network'><source network='sriov-pool'/></interface>
      <interface type='network'><source network='default'/></interface>
    </devices></domain>)";
    auto parsed = parse_domain_devices(xml, true);
    REQUIRE(parsed.ok());
    CHECK(parsed->guest == "lab");
    REQUIRE(parsed->held.size() == 3);
    CHECK(parsed->held[0].address == *PciAddress::parse("81:00.0"));
    CHECK(parsed->held[0].holder.kind == Holder::Kind::hostdev);
    CHECK(parsed->held[0].holder.active);
    CHECK(parsed->held[1].holder.kind == Holder::Kind::placeholder);
    CHECK(parsed->held[2].address == *PciAddress::parse("03:10.2"));
    CHECK(parsed->held[2].holder.kind == Holder::Kind::interface);
    REQUIRE(parsed->network_uses.size() == 2);
    CHECK(parsed->network_uses[0].network == "sriov-pool");
}

TEST_CASE("parse_domain_devices: a pool VF named in live XML is held via the network") {
    auto parsed = parse_domain_devices(R"(<domain><name>g</name><devices>
      <interface type='hostdev' managed='yes'><source network='pool'>
        <address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x4'/></source>
      </interface></devices></domain>)", false);
    REQUIRE(parsed.ok());
    REQUIRE(parsed->held.size() == 1);
    CHECK(parsed->held[0].holder.kind == Holder::Kind::network);
    CHECK(parsed->held[0].holder.network == "pool");
    CHECK_FALSE(parsed->held[0].holder.active);
}

TEST_CASE("parse_domain_devices rejects what is not domain XML") {
    CHECK_FALSE(parse_domain_devices("<domain>", true).ok());
    CHECK_FALSE(parse_domain_devices("<network/>", true).ok());
}
