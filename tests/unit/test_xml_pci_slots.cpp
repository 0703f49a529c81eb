#include <doctest/doctest.h>

#include "xml/pci_slots.hpp"

using namespace vpt;

TEST_CASE("hotplug_slots counts empty hot-pluggable root ports on q35") {
    const char* xml = R"(<domain type='kvm'><name>g</name>
      <os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os><devices>
      <controller type='pci' index='0' model='pcie-root'/>
      <controller type='pci' index='1' model='pcie-root-port'><address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/></controller>
      <controller type='pci' index='2' model='pcie-root-port'><address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x1'/></controller>
      <controller type='pci' index='3' model='pcie-root-port'><target hotplug='off'/></controller>
      <controller type='pci' index='4' model='pcie-root-port'/>
      <interface type='network'><source network='default'/><address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></interface>
    </devices></domain>)";
    auto slots = hotplug_slots(xml);
    REQUIRE(slots.ok());
    CHECK(slots->q35);
    CHECK(slots->free_ports == 2);  // 2 and 4: 1 is used, 3 has hot-plug off
}

TEST_CASE("hotplug_slots counts the free slots of hot-pluggable PCI bridges") {
    const char* xml = R"(<domain type='kvm'><name>g</name>
      <os><type arch='x86_64' machine='q35'>hvm</type></os><devices>
      <controller type='pci' index='0' model='pcie-root'/>
      <controller type='pci' index='1' model='pcie-root-port'/>
      <controller type='pci' index='2' model='pcie-to-pci-bridge'><address type='pci' bus='0x01' slot='0x00'/></controller>
      <controller type='pci' index='3' model='pci-bridge'><target hotplug='off'/><address type='pci' bus='0x02' slot='0x05'/></controller>
      <hostdev mode='subsystem' type='pci'><address type='pci' domain='0x0000' bus='0x02' slot='0x01' function='0x0'/></hostdev>
      <hostdev mode='subsystem' type='pci'><address type='pci' domain='0x0000' bus='0x02' slot='0x01' function='0x1'/></hostdev>
    </devices></domain>)";
    auto slots = hotplug_slots(xml);
    REQUIRE(slots.ok());
    CHECK(slots->free_ports == 0);       // the root port carries the bridge
    CHECK(slots->free_pci_slots == 29);  // 31 on bus 2, less slot 1 (two functions) and slot 5 (the other bridge)
    auto none = hotplug_slots(R"(<domain><os><type machine='q35'>hvm</type></os><devices>
      <controller type='pci' index='1' model='pcie-root-port'/></devices></domain>)");
    REQUIRE(none.ok());
    CHECK(none->free_pci_slots == 0);
}

TEST_CASE("hotplug_slots on i440fx and with every port used") {
    auto pc = hotplug_slots("<domain><os><type machine='pc-i440fx-7.2'>hvm</type></os><devices/></domain>");
    REQUIRE(pc.ok());
    CHECK_FALSE(pc->q35);
    auto full = hotplug_slots(R"(<domain><os><type machine='q35'>hvm</type></os><devices>
      <controller type='pci' index='1' model='pcie-root-port'/>
      <disk><address type='pci' bus='1'/></disk></devices></domain>)");
    REQUIRE(full.ok());
    CHECK(full->free_ports == 0);
    CHECK_FALSE(hotplug_slots("<domain").ok());
}
